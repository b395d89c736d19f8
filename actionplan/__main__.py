from .cli import main

if __name__ == "__main__":  # not again in a worker that re-imports this module (spawn)
    main(prog_name="actionplan")

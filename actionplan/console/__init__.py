"""The command line's own parts beside `cli.py`: how help is laid out (`help`), which
partnership folder a command means (`folders`), what `-v` adds (`details`) and the machine
check (`doctor`). Like `cli.py`, these may import click and print; nothing below them may.
"""

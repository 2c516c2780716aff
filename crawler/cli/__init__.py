"""The command line.

`main` parses arguments and dispatches; `cmd_*` run the commands; `views` and
`progress` print.
"""

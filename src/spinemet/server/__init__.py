"""Running SpineMet as a server (adapter): ``spinemet serve`` assembled in one place.

:mod:`spinemet.server.process` builds the app (API, and the web pages unless turned off), settles
the heap of a long-running process, and runs one or several server processes;
:mod:`spinemet.server.workers` supervises several processes, each with its own socket.
"""

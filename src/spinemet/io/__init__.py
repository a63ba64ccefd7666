"""Adapters that read and write SpineMet data in files and exchange formats."""

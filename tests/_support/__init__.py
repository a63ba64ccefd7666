"""Support code of the store, service and API tests (and the service benchmark): not part of the package."""

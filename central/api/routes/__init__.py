"""Route modules, each an ``APIRouter`` mounted under ``/api/v1`` by :func:`central.main.create_app`."""

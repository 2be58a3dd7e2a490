"""The Qt interface (PySide6 only). Calls services in app/, never peewee directly."""

"""The team hub: a PostgreSQL database that every analyst's project syncs with.

This package holds all of the hub's SQL. ``HubConnection`` (connection.py) is the small interface the
services use: who am I on the hub, push a batch of changes, pull the changes made since a point.
"""

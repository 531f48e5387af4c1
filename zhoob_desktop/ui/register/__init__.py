"""The screens of the resident register: the lazy table, the resident form, the okrug's
structure, the import wizard and the passport of the okrug.

Every screen calls ``zhoob_desktop.services.register``; none runs SQL.
"""

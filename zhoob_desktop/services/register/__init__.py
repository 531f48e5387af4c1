"""The resident register: the okrug's structure, residents, membership, search, import/export.

Modules: ``structure`` (settlements, streets, houses, social statuses),
``residents`` (create/update/leave), ``query`` (the paged table),
``membership`` (members on a date, check-in search), ``search`` (folding),
``iin`` (the IIN check digit), ``changelog`` (changes since a sequence number).
"""

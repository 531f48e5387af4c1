"""Personal data on the laptop: the encrypted store, its operators and their rights, the audit.

- ``keys``: the data key, its wraps (one per operator and one for the recovery key), scrypt.
- ``access``: the key file ``access.json`` beside the database; unlocking, failed attempts.
- ``roles``: the rights of each role, checked in the services.
- ``operators``: who may open the store, kept in the encrypted database.
- ``audit``: who did what, a hash-chained log written with every change.

The SQLCipher connections themselves are ``zhoob_desktop.cipher``.
"""

"""Sync bundles: the okrug's signed export, the district's receipt, the district importer.

Modules: ``keys`` (Ed25519/X25519 key files), ``seal`` (sealed boxes),
``container`` (the zip, manifest and signature), ``records`` (rows as JSON),
``export`` (okrug side), ``district`` (the district store, importer, receipts),
``overview`` (the district's summary).
"""

"""Sync over the network: the district service and the okrug's way to it and back.

Modules: ``protocol`` (how requests and answers are signed, the paths, the
limits), ``tls`` (the district's certificate and its fingerprint),
``server`` (the ASGI application behind ``zhoob district serve``),
``uploads`` (bundles coming in piece by piece, then imported by the one
importer), ``access`` (okrug keys revoked and contacts), ``client`` (the
okrug's signed requests over a pinned TLS connection), ``outbox`` and
``queue`` (the okrug's bundles waiting and the rounds that send them),
``rulings`` (the district akim's decisions on disagreements, both sides),
``operator`` (the district's per-okrug view).
"""

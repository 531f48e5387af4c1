"""The Sync screen: bundles for the district (okrug side) and the district's own view."""

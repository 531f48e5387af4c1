"""Why a bundle, a key or a receipt was refused; every message names exactly what failed."""

from __future__ import annotations

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_


class SyncError(ZhoobError):
    """Something about keys, bundles or receipts cannot be done as asked."""


class KeyFileInvalid(SyncError):
    template = N_("The key file {path} cannot be read: {detail}.")


class KeyFileUnsafe(SyncError):
    template = N_(
        "The private key {path} can be read by other users of this computer (mode {mode}). "
        "Allow access to its owner only (mode 0600)."
    )


class OkrugMissing(SyncError):
    template = N_("This data folder has no okrug yet; name the okrug in Settings first.")


class DistrictKeyMissing(SyncError):
    template = N_(
        "No district key is registered, so the bundle cannot be sealed. "
        "Import the district's key file first, or export without sealing."
    )


class BundleRejected(SyncError):
    """The bundle was refused as a whole; nothing was written to the district store."""

    exit_code = 4


class NotABundle(BundleRejected):
    template = N_("{path} is not a readable bundle file (it may be truncated or damaged): {detail}.")


class FormatUnsupported(BundleRejected):
    template = N_(
        "The bundle {path} has format version {found}; this program reads format version {expected}."
    )


class SchemaNewer(BundleRejected):
    template = N_(
        "The bundle {path} was written by a newer version of Zhoob Desktop (schema revision {revision}). "
        "Install the newer version at the district first."
    )


class MemberMissing(BundleRejected):
    template = N_("The bundle {path} lacks the file {member} that its manifest lists.")


class MemberUnexpected(BundleRejected):
    template = N_("The bundle {path} holds the file {member} that its manifest does not list.")


class HashMismatch(BundleRejected):
    template = N_(
        "The file {member} in the bundle {path} was changed: its SHA-256 does not match the manifest."
    )


class ManifestInvalid(BundleRejected):
    template = N_("The manifest of the bundle {path} is not valid: {detail}.")


class OkrugNotRegistered(BundleRejected):
    template = N_(
        "The bundle {path} comes from okrug {okrug} ({okrug_id}), whose key is not registered "
        "at the district. Register the okrug's key file first."
    )


class SignatureInvalid(BundleRejected):
    template = N_(
        "The signature of the bundle {path} does not match the registered key of okrug {okrug} "
        "(fingerprint {fingerprint})."
    )


class SealedForOtherKey(BundleRejected):
    template = N_(
        "The file {member} of the bundle {path} is sealed to another district key and cannot be opened here."
    )


class CountMismatch(BundleRejected):
    template = N_(
        "The bundle {path} holds {found} records of type {kind}, but its manifest announces {expected}."
    )


class RecordInvalid(BundleRejected):
    template = N_("Record {line} of the file {member} in the bundle {path} is not valid: {detail}.")


class JournalBroken(BundleRejected):
    template = N_(
        "The journal of sitting {sitting} in the bundle {path} does not verify at event {seq}: {detail}."
    )


class ForkedSequence(BundleRejected):
    template = N_(
        "Bundle number {seq} of okrug {okrug} was already imported with different content "
        "(bundle {other}); this one ({bundle}) is refused."
    )


class MissingReference(BundleRejected):
    template = N_(
        "The record {record} of type {kind} in the bundle {path} refers to {target_kind} {target}, "
        "which neither the bundle nor the district store holds."
    )


class ImportFailed(BundleRejected):
    template = N_(
        "The bundle {path} could not be written to the district store ({detail}); nothing was changed."
    )


class AlreadyImported(SyncError):
    """Not an error in the data: the same bundle was imported before, nothing changed."""

    exit_code = 0
    template = N_("The bundle {path} (number {seq} of okrug {okrug}) was already imported; nothing changed.")


class ReceiptInvalid(SyncError):
    template = N_("The receipt {path} cannot be accepted: {detail}.")

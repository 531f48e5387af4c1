"""Why a bundle, a key or a receipt was refused; every message names exactly what failed."""

from __future__ import annotations

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_


class SyncError(ZhoobError):
    """Something about keys, bundles or receipts cannot be done as asked."""


class KeyFileInvalid(SyncError):
    template = N_("The key file {path} cannot be read: {detail}.")


class KeyFileSealedElsewhere(SyncError):
    template = N_(
        "The private key {path} does not open with this data folder's key: it was sealed in another data "
        "folder, or it was changed. Nothing was changed; put back this folder's own key file."
    )


class KeyFileSealed(SyncError):
    template = N_(
        "The private key {path} is sealed with a data folder's key: open it logged in to that data folder."
    )


class KeyFileUnsafe(SyncError):
    template = N_(
        "The private key {path} can be read by other users of this computer (mode {mode}). "
        "Allow access to its owner only (mode 0600)."
    )


class OkrugMissing(SyncError):
    template = N_("This data folder has no okrug yet; name the okrug in Settings first.")


class DistrictKeyMissing(SyncError):
    template = N_(
        "No district key is registered, so personal data cannot be sealed and no bundle was written. "
        "Import the district's key file first; a bundle with personal data in clear is written "
        "only when asked for explicitly."
    )


class DistrictKeyMismatch(SyncError):
    template = N_(
        "The district key file {path} has the fingerprint {fingerprint}, not {expected} as read to you; "
        "it was not imported. Ask the district for its key file again."
    )


class BundleRejected(SyncError):
    """The bundle was refused as a whole; nothing was written to the district store."""

    exit_code = 4


class NotABundle(BundleRejected):
    template = N_("{path} is not a readable bundle file (it may be truncated or damaged): {detail}.")


class BundleTooLarge(BundleRejected):
    template = N_("The bundle {path} was refused before it was read: {detail}.")


class EntryEncrypted(BundleRejected):
    template = N_(
        "The file {member} in the bundle {path} is encrypted by a zip program. Zhoob Desktop never "
        "writes such files, so the bundle was made or altered by something else; it was not read."
    )


class EntryUnsupported(BundleRejected):
    template = N_(
        "The file {member} in the bundle {path} is packed with zip method {method}, which a bundle "
        "never uses (its files are stored as they are); the bundle is damaged or was altered."
    )


class MemberOversized(BundleRejected):
    template = N_(
        "The file {member} in the bundle {path} is longer than its manifest allows ({limit} bytes); "
        "it was not read further."
    )


class MemberSizeMismatch(BundleRejected):
    template = N_(
        "The file {member} in the bundle {path} does not unpack to the {expected} bytes its manifest "
        "gives; the bundle was damaged before it was signed or was made by something else."
    )


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
        "The file {member} of the bundle {path} is sealed to another district's sealing key (fingerprint "
        "{recipient}) and cannot be opened with this district's sealing key (fingerprint {own})."
    )


class SealedMemberDamaged(BundleRejected):
    template = N_(
        "The file {member} of the bundle {path} is sealed to this district's key but does not open: "
        "it was damaged or altered after it was sealed."
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


class ForeignRecord(BundleRejected):
    template = N_(
        "The bundle {path} of okrug {okrug} carries {kind} {record}, which belongs to okrug {owner}. "
        "A bundle may carry only its own okrug's records; nothing was imported."
    )


class ForeignReference(BundleRejected):
    template = N_(
        "The bundle {path} of okrug {okrug} carries {kind} {record}, which refers to {target_kind} "
        "{target} of okrug {owner}. A bundle may refer only to its own okrug's records; nothing was imported."
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


class OkrugKeyDiffers(SyncError):
    template = N_(
        "Okrug {okrug} is already registered with another key (fingerprint {fingerprint}); the new key "
        "(fingerprint {new}) was not registered. To replace the key, name the registered fingerprint "
        "with --replace."
    )


class ReplacedKeyMismatch(SyncError):
    template = N_(
        "Okrug {okrug} is registered with the key fingerprint {fingerprint}, not {given}; "
        "the key was not replaced."
    )


class NothingToReplace(SyncError):
    template = N_(
        "Okrug {okrug} is not registered yet, so it has no key to replace; register it without --replace."
    )


class ConflictNotFound(SyncError):
    template = N_("The district store holds no conflict {id}.")


class ConflictAmbiguous(SyncError):
    template = N_("{id} begins the ids of several conflicts ({count}); give more of it.")


class ConflictResolved(SyncError):
    template = N_("Conflict {id} was already decided ({status}); it cannot be decided again.")


class ConflictNeedsReason(SyncError):
    template = N_("A decision on a conflict records who made it and why: give both the name and the reason.")


class ConflictCannotAccept(SyncError):
    template = N_("Conflict {id} cannot be accepted: {detail}. Reject it or settle it instead.")


class ConflictStillStands(SyncError):
    template = N_(
        "Conflict {id} cannot be accepted yet: {detail} Reject it or settle it, or wait until the okrug "
        "sends the record again."
    )


class ReceiptInvalid(SyncError):
    template = N_("The receipt {path} cannot be accepted: {detail}.")

namespace DigitalCollections.Api.Audit;

/// <summary>The actions the audit trail records. Features that add privileged routes add theirs here.</summary>
public static class AuditActions
{
    public const string AdminKeyCreated = "admin-key.created";
    public const string AdminKeyRevoked = "admin-key.revoked";
    public const string AccountKeyRotated = "account-key.rotated";
    public const string WebhookCreated = "webhook.created";
    public const string WebhookChanged = "webhook.changed";
    public const string WebhookDeleted = "webhook.deleted";
    public const string ContractPaused = "contract.paused";
    public const string ContractUnpaused = "contract.unpaused";
    public const string TokenFrozen = "token.frozen";
    public const string TokenUnfrozen = "token.unfrozen";
    public const string MinimumHoldSet = "collection.minimum-hold-set";
    public const string RelayersConfigured = "relayers.configured";
}

namespace DigitalCollections.Api.Webhooks;

/// <summary>The events an endpoint may subscribe to.</summary>
public static class WebhookEventTypes
{
    /// <summary>A registration made through this API (a mint or an edition) was confirmed: the work exists.</summary>
    public const string WorkRegistered = "work.registered";

    /// <summary>The index saw a token pass between two holders, through this API or straight on the chain (never a mint or burn).</summary>
    public const string WorkTransferred = "work.transferred";

    /// <summary>A creator-signed change of a work's title and description made through this API was confirmed (ERC-4906 announced).</summary>
    public const string WorkMetadataChanged = "work.metadata-changed";

    /// <summary>A write made through this API failed (reverted, refused, or lost with a chain reset).</summary>
    public const string TransactionFailed = "transaction.failed";

    /// <summary>The node's chain is no longer the deployment's (another genesis): writes stop until a redeploy.</summary>
    public const string ChainReset = "chain.reset";

    public static readonly IReadOnlyList<string> All = [WorkRegistered, WorkTransferred, WorkMetadataChanged, TransactionFailed, ChainReset];
}

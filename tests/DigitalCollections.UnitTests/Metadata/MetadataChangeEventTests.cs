namespace DigitalCollections.UnitTests.Metadata;

/// <summary>A confirmed metadata change is a work.metadata-changed event; a failed one a transaction.failed.</summary>
public sealed class MetadataChangeEventTests
{
    [Fact]
    public void A_confirmed_change_is_work_metadata_changed_and_a_failed_one_transaction_failed()
    {
        var row = new Api.Transactions.ChainTransaction
        {
            Id = Guid.CreateVersion7(), DeploymentKey = "31337:0xabc:0xdef", Kind = Api.Transactions.TransactionKinds.MetadataChange,
            State = Api.Transactions.TransactionStates.Confirmed, RequestJson = "{}", CallData = "0x",
        };
        Assert.Equal(Api.Webhooks.WebhookEventTypes.WorkMetadataChanged, Api.Webhooks.WebhookOutbox.EventTypeOf(row));
        Assert.Contains(Api.Webhooks.WebhookEventTypes.WorkMetadataChanged, Api.Webhooks.WebhookEventTypes.All);
        row.State = Api.Transactions.TransactionStates.Failed;
        Assert.Equal(Api.Webhooks.WebhookEventTypes.TransactionFailed, Api.Webhooks.WebhookOutbox.EventTypeOf(row));
    }
}

using DigitalCollections.Api.Indexing;
using DigitalCollections.Api.Webhooks;

namespace DigitalCollections.UnitTests.Webhooks;

/// <summary>An index-seen transfer is one event whatever block holds it, with one delivery id per endpoint.</summary>
public class IndexedTransferEventsTests
{
    private static IndexedTransfer Transfer(string blockHash, long block, long logIndex) => new()
    {
        DeploymentKey = "31337:0xc", TokenId = 7, From = "0xAbC0000000000000000000000000000000000001", To = "0x00000000000000000000000000000000000000Ff",
        BlockNumber = block, BlockHash = blockHash, LogIndex = logIndex, TransactionHash = "0xABCDEF", TimestampUnix = 1,
    };

    [Fact]
    public void The_same_transaction_in_another_block_is_the_same_event_and_delivery_id()
    {
        var orphaned = Transfer("0x01", 10, 0);
        var remined = Transfer("0x02", 12, 3);
        Assert.Equal(IndexedTransferEvents.EventKey(orphaned), IndexedTransferEvents.EventKey(remined));
        Assert.Equal("work.transferred:0xabcdef:7:0xabc0000000000000000000000000000000000001:0x00000000000000000000000000000000000000ff",
            IndexedTransferEvents.EventKey(orphaned));

        var endpoint = Guid.NewGuid();
        var id = IndexedTransferEvents.DeliveryId(endpoint, IndexedTransferEvents.EventKey(orphaned));
        Assert.Equal(id, IndexedTransferEvents.DeliveryId(endpoint, IndexedTransferEvents.EventKey(remined)));
        Assert.NotEqual(id, IndexedTransferEvents.DeliveryId(Guid.NewGuid(), IndexedTransferEvents.EventKey(orphaned)));
        Assert.NotEqual(id, IndexedTransferEvents.DeliveryId(endpoint, IndexedTransferEvents.EventKey(orphaned) + "0"));
        Assert.Equal(8, id.Version); // RFC 9562 custom (name-based) UUID
        Assert.Equal(0b10, id.Variant >> 2);
    }
}

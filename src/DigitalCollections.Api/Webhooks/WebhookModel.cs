using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Webhooks;

/// <summary>
/// The webhook tables: endpoints, their deliveries (the outbox of events) and each delivery's attempts. No
/// foreign keys: the write path inserts deliveries beside an endpoint being deleted, and must not fail for it;
/// deleting an endpoint deletes its deliveries and attempts, and the sender drops a delivery whose endpoint is gone.
/// </summary>
internal static class WebhookModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<WebhookEndpoint>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Url).HasMaxLength(2000);
            e.Property(x => x.EventTypes).HasMaxLength(500);
            e.Property(x => x.Description).HasMaxLength(500);
            e.Property(x => x.Secret).HasMaxLength(100); // plain: only rows from before sealing, until the next start seals them
            e.Ignore(x => x.Types);
        });
        model.Entity<WebhookDelivery>(d =>
        {
            d.HasKey(x => x.Id);
            d.HasIndex(x => new { x.EndpointId, x.EventKey }).IsUnique(); // one delivery per event and endpoint, whatever replays
            d.HasIndex(x => new { x.State, x.NextAttemptAtMs }); // the sender's due deliveries
            d.Property(x => x.EventKey).HasMaxLength(300);
            d.Property(x => x.EventType).HasMaxLength(50);
            d.Property(x => x.State).HasMaxLength(16);
        });
        model.Entity<WebhookAttempt>(a =>
        {
            a.HasKey(x => x.Id);
            a.HasIndex(x => new { x.DeliveryId, x.Number });
            a.Property(x => x.Error).HasMaxLength(500);
        });
    }
}

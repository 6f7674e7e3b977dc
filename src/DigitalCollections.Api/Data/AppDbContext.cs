using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Data;

/// <summary>
/// Off-chain data: what the chain does not hold (titles, file facts) and custodial accounts.
/// This type is the SQLite store (its migrations are in Data/Migrations); <see cref="PostgresAppDbContext"/>
/// is the same model on PostgreSQL with its own migrations. Code asks for AppDbContext either way.
/// </summary>
public class AppDbContext : DbContext
{
    public AppDbContext(DbContextOptions<AppDbContext> options) : base(options) { }

    /// <summary>For a provider's subclass, whose options and migrations are its own.</summary>
    protected AppDbContext(DbContextOptions options) : base(options) { }

    public DbSet<WorkRecord> Works => Set<WorkRecord>();
    public DbSet<CustodialAccount> Accounts => Set<CustodialAccount>();
    public DbSet<Idempotency.IdempotencyRecord> IdempotencyRecords => Set<Idempotency.IdempotencyRecord>();
    public DbSet<Transactions.ChainTransaction> ChainTransactions => Set<Transactions.ChainTransaction>();
    public DbSet<Indexing.IndexCheckpoint> IndexCheckpoints => Set<Indexing.IndexCheckpoint>();
    public DbSet<Indexing.IndexedBlock> IndexedBlocks => Set<Indexing.IndexedBlock>();
    public DbSet<Indexing.IndexedTransfer> IndexedTransfers => Set<Indexing.IndexedTransfer>();
    public DbSet<Indexing.IndexedToken> IndexedTokens => Set<Indexing.IndexedToken>();
    public DbSet<Storage.StoredContent> StoredContents => Set<Storage.StoredContent>();
    public DbSet<Accounts.CustodyKeyCheck> CustodyKeyChecks => Set<Accounts.CustodyKeyCheck>();
    public DbSet<Chain.RecordedGenesis> RecordedGeneses => Set<Chain.RecordedGenesis>();
    public DbSet<Admin.AdminKey> AdminKeys => Set<Admin.AdminKey>();
    public DbSet<Audit.AuditEntry> AuditEntries => Set<Audit.AuditEntry>();
    public DbSet<Webhooks.WebhookEndpoint> WebhookEndpoints => Set<Webhooks.WebhookEndpoint>();
    public DbSet<Webhooks.WebhookDelivery> WebhookDeliveries => Set<Webhooks.WebhookDelivery>();
    public DbSet<Webhooks.WebhookAttempt> WebhookAttempts => Set<Webhooks.WebhookAttempt>();
    public DbSet<Indexing.IndexedRuleChange> IndexedRuleChanges => Set<Indexing.IndexedRuleChange>();
    public DbSet<Works.MetadataChange> MetadataChanges => Set<Works.MetadataChange>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<WorkRecord>(work =>
        {
            work.HasKey(w => w.Id);
            // Rows belong to one deployment: a restarted chain reuses token ids and addresses.
            work.HasIndex(w => new { w.DeploymentKey, w.TokenId }).IsUnique();
            work.HasIndex(w => new { w.DeploymentKey, w.ContentHash }).IsUnique();
            work.Property(w => w.DeploymentKey).HasMaxLength(200);
            work.Property(w => w.ContentHash).HasMaxLength(66);
            work.Property(w => w.Title).HasMaxLength(200);
            work.Property(w => w.Description).HasMaxLength(5000);
            // Rows older than editions are unique works: an edition of 1 (EF writes the default when the value is 0).
            work.Property(w => w.EditionSize).HasDefaultValue(1);
        });
        model.Entity<Works.MetadataChange>(change =>
        {
            change.HasKey(c => c.Id);
            change.HasIndex(c => new { c.DeploymentKey, c.TokenId, c.Version }).IsUnique();
            change.Property(c => c.DeploymentKey).HasMaxLength(200);
            change.Property(c => c.Title).HasMaxLength(200);
            change.Property(c => c.Description).HasMaxLength(5000);
            change.Property(c => c.ChangedBy).HasMaxLength(42);
            change.Property(c => c.Signature).HasMaxLength(200);
            change.Property(c => c.TransactionHash).HasMaxLength(66);
        });
        // Small files' bytes, by content hash (larger ones are files in the data folder).
        model.Entity<Storage.StoredContent>(content =>
        {
            content.HasKey(c => c.ContentHash);
            content.Property(c => c.ContentHash).HasMaxLength(66);
        });
        model.Entity<Idempotency.IdempotencyRecord>(record =>
        {
            record.HasKey(r => new { r.Scope, r.Key });
            record.HasIndex(r => r.CreatedAt);
        });
        model.Entity<Transactions.ChainTransaction>(tx =>
        {
            tx.HasKey(t => t.Id);
            tx.HasIndex(t => new { t.DeploymentKey, t.State });
            tx.HasIndex(t => new { t.DeploymentKey, t.ContentHash });
            tx.HasIndex(t => t.TransactionHash);
            tx.Property(t => t.DeploymentKey).HasMaxLength(200);
            tx.Property(t => t.Kind).HasMaxLength(16);
            tx.Property(t => t.State).HasMaxLength(16);
            tx.Property(t => t.ContentHash).HasMaxLength(66);
            tx.Property(t => t.Relayer).HasMaxLength(42);
            tx.Property(t => t.TransactionHash).HasMaxLength(66);
            tx.Property(t => t.BlockHash).HasMaxLength(66);
            tx.Property(t => t.FailureCode).HasMaxLength(100);
            tx.Property(t => t.TraceParent).HasMaxLength(55); // 00-{32 hex}-{16 hex}-{2 hex}
            tx.Ignore(t => t.IsFinal);
        });
        // The chain index: every row names its deployment, so a reset chain's rows can never answer for another.
        model.Entity<Indexing.IndexCheckpoint>(c =>
        {
            c.HasKey(x => x.DeploymentKey);
            c.Property(x => x.DeploymentKey).HasMaxLength(200);
            c.Property(x => x.BlockHash).HasMaxLength(66);
        });
        model.Entity<Indexing.IndexedBlock>(b =>
        {
            b.HasKey(x => new { x.DeploymentKey, x.Number });
            b.Property(x => x.DeploymentKey).HasMaxLength(200);
            b.Property(x => x.Hash).HasMaxLength(66);
        });
        model.Entity<Indexing.IndexedTransfer>(t =>
        {
            t.HasKey(x => x.Id);
            t.HasIndex(x => new { x.DeploymentKey, x.BlockNumber, x.LogIndex }).IsUnique(); // replaying a range adds nothing
            t.HasIndex(x => new { x.DeploymentKey, x.TokenId, x.BlockNumber, x.LogIndex });
            t.Property(x => x.DeploymentKey).HasMaxLength(200);
            t.Property(x => x.From).HasMaxLength(42);
            t.Property(x => x.To).HasMaxLength(42);
            t.Property(x => x.BlockHash).HasMaxLength(66);
            t.Property(x => x.TransactionHash).HasMaxLength(66);
        });
        model.Entity<Indexing.IndexedToken>(t =>
        {
            t.HasKey(x => new { x.DeploymentKey, x.TokenId });
            t.HasIndex(x => new { x.DeploymentKey, x.Owner, x.TokenId });
            t.HasIndex(x => new { x.DeploymentKey, x.Creator, x.TokenId });
            t.HasIndex(x => new { x.DeploymentKey, x.ContentHash });
            t.HasIndex(x => new { x.DeploymentKey, x.MintBlockNumber });
            t.Property(x => x.DeploymentKey).HasMaxLength(200);
            t.Property(x => x.Creator).HasMaxLength(42);
            t.Property(x => x.Owner).HasMaxLength(42);
            t.Property(x => x.ContentHash).HasMaxLength(66);
            t.Property(x => x.MintTransactionHash).HasMaxLength(66);
        });
        model.Entity<Indexing.IndexedRuleChange>(r =>
        {
            r.HasKey(x => x.Id);
            r.HasIndex(x => new { x.DeploymentKey, x.BlockNumber, x.LogIndex }).IsUnique(); // replaying a range adds nothing
            r.HasIndex(x => new { x.DeploymentKey, x.TokenId, x.BlockNumber, x.LogIndex });
            r.Property(x => x.DeploymentKey).HasMaxLength(200);
            r.Property(x => x.Kind).HasMaxLength(32);
            r.Property(x => x.BlockHash).HasMaxLength(66);
            r.Property(x => x.TransactionHash).HasMaxLength(66);
        });
        model.Entity<Chain.RecordedGenesis>(g =>
        {
            g.HasKey(x => x.DeploymentKey);
            g.Property(x => x.DeploymentKey).HasMaxLength(200);
            g.Property(x => x.GenesisHash).HasMaxLength(66);
        });
        model.Entity<CustodialAccount>(account =>
        {
            account.HasKey(a => a.Address);
            account.HasIndex(a => a.KeyId).IsUnique();
            account.Property(a => a.Address).HasMaxLength(42);
        });
        Webhooks.WebhookModel.Configure(model);
        model.Entity<Accounts.CustodyKeyCheck>(check =>
        {
            check.HasKey(c => c.Name);
            check.Property(c => c.Name).HasMaxLength(50);
        });
        model.Entity<Admin.AdminKey>(key =>
        {
            key.HasKey(k => k.KeyId);
            key.Property(k => k.KeyId).HasMaxLength(16);
            key.Property(k => k.Name).HasMaxLength(100);
            key.Property(k => k.Scopes).HasMaxLength(200);
            key.Property(k => k.CreatedBy).HasMaxLength(100);
        });
        // The hash chain's order is the sequence, assigned by the appender (never by the store), one row after another.
        model.Entity<Audit.AuditEntry>(entry =>
        {
            entry.HasKey(e => e.Sequence);
            entry.Property(e => e.Sequence).ValueGeneratedNever();
            entry.Property(e => e.Actor).HasMaxLength(100);
            entry.Property(e => e.Action).HasMaxLength(64);
            entry.Property(e => e.PreviousHash).HasMaxLength(64);
            entry.Property(e => e.Hash).HasMaxLength(64);
        });
    }
}

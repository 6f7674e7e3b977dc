namespace DigitalCollections.Api.Chain;

/// <summary>
/// The genesis block a deployment was first seen on, for a deployment whose record names none: the chain
/// identity guard holds the node to it from then on, so a reset chain behind the same URL is still told apart.
/// </summary>
public sealed class RecordedGenesis
{
    public required string DeploymentKey { get; set; }
    public required string GenesisHash { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

namespace DigitalCollections.IntegrationTests.Infrastructure;

/// <summary>One Hardhat node and one API for the whole collection; tests keep apart by using fresh files and accounts.</summary>
public sealed class ChainFixture : IAsyncLifetime
{
    public HardhatNode Node { get; private set; } = null!;
    public ApiFactory Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await HardhatNode.StartAsync();
        Api = new ApiFactory(Node.RpcUrl, Node.DeploymentFile, Path.Combine(Node.WorkDirectory, "data"));
        _ = Api.Server; // start the host now, so start-up failures surface here
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Node.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ChainCollection : ICollectionFixture<ChainFixture>
{
    public const string Name = "chain";
}

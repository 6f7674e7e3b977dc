namespace DigitalCollections.IntegrationTests.Infrastructure;

/// <summary>One Hardhat node and one API for the whole collection; tests keep apart by using fresh files and accounts.</summary>
public sealed class ChainFixture : IAsyncLifetime
{
    public HardhatNode Node { get; private set; } = null!;
    public ApiFactory Api { get; private set; } = null!;

    /// <summary>The collection's fixture, for <see cref="AnswersAgreeWithOpenApiAttribute"/> (there is one chain collection).</summary>
    internal static ChainFixture? Current { get; private set; }

    public async Task InitializeAsync()
    {
        Node = await HardhatNode.StartAsync();
        Api = new ApiFactory(Node.RpcUrl, Node.DeploymentFile, Path.Combine(Node.WorkDirectory, "data"));
        _ = Api.Server; // start the host now, so start-up failures surface here
        Current = this;
    }

    public async Task DisposeAsync()
    {
        try
        {
            await Api.DisposeAsync();
        }
        finally
        {
            await Node.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
[AnswersAgreeWithOpenApi]
public sealed class ChainCollection : ICollectionFixture<ChainFixture>
{
    public const string Name = "chain";
}

namespace DigitalCollections.Api.Common;

/// <summary>A request that reads or writes the deployment's chain: it runs only while the node's chain is the deployment's.</summary>
public interface IUsesDeploymentChain;

namespace DigitalCollections.Api.Common;

/// <summary>
/// A write the contract refuses while the collection is paused (its function is <c>whenNotPaused</c>): it is refused
/// with <c>503 collection-paused</c> before anything is signed or recorded, so a pause costs the relayer no gas.
/// </summary>
public interface IRefusedWhilePaused : IUsesDeploymentChain;

using DigitalCollections.Api.ChainInfo;
using Mediator;

namespace DigitalCollections.Api.Common;

/// <summary>
/// Around a write with a deadline (<see cref="IHasDeadline"/>): the contract's refusal of an expired authorisation,
/// from the dry run or a mined revert, becomes the expiry problem with the chain's clock read now
/// (<see cref="ContractRevertProblems.ExpiredAsync"/>), the same for every such write.
/// </summary>
public sealed class AuthorizationExpiryBehavior<TMessage, TResponse>(ChainClock chainClock) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        if (message is not IHasDeadline write) return await next(message, ct);
        try
        {
            return await next(message, ct);
        }
        catch (Exception e) when (ContractRevertProblems.IsExpiry(e))
        {
            throw await ContractRevertProblems.ExpiredAsync(e, write.ClientDeadline, chainClock, ct);
        }
    }
}

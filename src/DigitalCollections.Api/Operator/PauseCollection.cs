using DigitalCollections.Api.Admin;
using DigitalCollections.Api.Audit;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Transactions;
using Mediator;

namespace DigitalCollections.Api.Operator;

/// <summary>pause() or unpause() the collection: minting and every transfer stop (or resume); reads go on.</summary>
public sealed record SetCollectionPausedCommand(bool Paused, string Actor, bool RespondAsync)
    : IRequest<TransactionView>, IUsesDeploymentChain;

public sealed class SetCollectionPausedHandler(OperatorReader reader, OperatorWriter writer, Chain.ChainIdentityGuard guard)
    : IRequestHandler<SetCollectionPausedCommand, TransactionView>
{
    public async ValueTask<TransactionView> Handle(SetCollectionPausedCommand command, CancellationToken ct)
    {
        // The contract refuses a second pause (EnforcedPause) and an unpause of a running collection (ExpectedPause): said here, nothing sent.
        if (await reader.IsPausedAsync(ct) == command.Paused)
            throw command.Paused
                ? new ApiProblemException(409, "already-paused", "The collection is paused already.",
                    "The collection is paused already; POST /api/v1/admin/collection/unpause lifts the pause.")
                : new ApiProblemException(409, "not-paused", "The collection is not paused.",
                    "The collection is not paused; there is nothing to unpause.");
        var action = command.Paused ? "pause" : "unpause";
        var sent = await writer.SendAsync(new OperatorCall(
            command.Paused ? TransactionKinds.Pause : TransactionKinds.Unpause,
            OperatorRole.Pauser,
            command.Paused ? OperatorEncoding.PauseCallData() : OperatorEncoding.UnpauseCallData(),
            null,
            new OperatorRequest(action, command.Actor),
            command.Actor,
            command.Paused ? AuditActions.ContractPaused : AuditActions.ContractUnpaused,
            command.RespondAsync), ct);
        // Writes are refused by the guard's last look at paused(): look again now, so a confirmed unpause lets the
        // next write through at once (and a confirmed pause refuses it before it is signed).
        guard.Invalidate();
        return sent;
    }
}

public static class PauseCollectionEndpoints
{
    public static void MapPauseCollection(this IEndpointRouteBuilder api)
    {
        api.MapPost("/admin/collection/pause", (HttpContext context, IMediator mediator, CancellationToken ct) => SendAsync(true, context, mediator, ct))
            .OperatorRoute("PauseCollection", "Pause the collection: minting and every transfer are refused until unpaused (PAUSER_ROLE, scope operator)");
        api.MapPost("/admin/collection/unpause", (HttpContext context, IMediator mediator, CancellationToken ct) => SendAsync(false, context, mediator, ct))
            .OperatorRoute("UnpauseCollection", "Lift the collection's pause (PAUSER_ROLE, scope operator)");
    }

    private static async Task<IResult> SendAsync(bool paused, HttpContext context, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new SetCollectionPausedCommand(paused, context.AdminCaller().Actor, context.Request.PrefersRespondAsync()), ct))
        .ToResult(context);
}

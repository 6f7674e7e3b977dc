namespace DigitalCollections.Api.Idempotency;

public static class IdempotencyEndpointExtensions
{
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(new IdempotentEndpoint()).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}

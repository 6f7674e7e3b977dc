using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.OpenApi;

/// <summary>
/// The check that every answer of this suite goes through (<see cref="OpenApiContract"/>) must find what it
/// is there to find: an undocumented status, a body the schema does not allow, a missing problem body.
/// </summary>
[Collection(ChainCollection.Name)]
public sealed class OpenApiContractTests(ChainFixture fixture)
{
    private const string Queued = """
        {"id":"7f0a9e5c-3a51-4a4e-9a36-2f6f1c2d9b10","kind":"mint","state":"queued","relayer":null,"nonce":null,
         "transactionHash":null,"blockNumber":null,"blockHash":null,"tokenId":null,"createdAt":"2026-12-01T10:00:00+00:00",
         "sentAt":null,"completedAt":null,"failure":null,"resultLocation":null}
        """;

    private Task<OpenApiContract> ContractAsync()
    {
        var http = fixture.Api.CreateClient();
        return OpenApiContract.CurrentAsync(() => http.GetStringAsync(OpenApiContract.DocumentPath));
    }

    private static RecordedAnswer Json(string method, string path, int status, string body, string mediaType = "application/json") =>
        new(method, path, status, mediaType, body, body.Length);

    private const string TransactionPath = "/api/v1/transactions/7f0a9e5c-3a51-4a4e-9a36-2f6f1c2d9b10";

    [Fact]
    public async Task Answers_as_the_api_gives_them_agree()
    {
        var contract = await ContractAsync();
        var failed = Queued.Replace("\"state\":\"queued\"", "\"state\":\"failed\"")
            .Replace("\"failure\":null", "\"failure\":{\"code\":\"reverted\",\"reason\":\"WorkAlreadyRegistered\"}");
        Assert.Empty(contract.Mismatches(
        [
            Json("GET", TransactionPath, 200, Queued), // "failure": null
            Json("GET", TransactionPath, 200, failed),
            Json("GET", "/api/v1/nope", 404, """{"type":"urn:digitalcollections:problem:route-not-found","status":404}""", "application/problem+json"),
            Json("GET", "/health/live", 200, """{"status":"healthy","checks":[]}"""),
            new("GET", "/works/1", 200, "text/html", null, 100), // a page: not the document's business
        ]));
    }

    [Theory]
    [InlineData(200, "\"kind\":\"mint\",", "", "PropertyRequired")]                        // a required member missing
    [InlineData(200, "\"failure\":null", "\"failure\":\"reverted\"", "ObjectExpected")]   // the wrong type
    [InlineData(200, "\"resultLocation\":null", "\"resultLocation\":null,\"secret\":1", "NoAdditionalPropertiesAllowed")]
    [InlineData(200, "\"kind\":\"mint\"", "\"kind\":null", "StringExpected")]             // null where the document says no
    [InlineData(418, "", "", "status not documented")]
    public async Task Answers_the_document_does_not_describe_are_mismatches(int status, string replace, string with, string expected)
    {
        var contract = await ContractAsync();
        var body = replace.Length == 0 ? Queued : Queued.Replace(replace, with);
        var mismatch = Assert.Single(contract.Mismatches([Json("GET", TransactionPath, status, body)]));
        Assert.Contains(expected, mismatch);
        Assert.Contains("GET /api/v1/transactions/{id}", mismatch);
    }

    [Fact]
    public async Task A_bare_400_and_a_problem_in_plain_json_are_mismatches()
    {
        var contract = await ContractAsync();
        Assert.Contains("no body", contract.Check(new("GET", "/api/v1/transactions/%00", 400, null, null, 0)));
        Assert.Contains("Content-Type application/json", contract.Check(Json("GET", TransactionPath, 404, """{"status":404}""")));
        Assert.Contains("expected 404", contract.Check(new("GET", "/api/v1/nope", 200, "application/json", "{}", 2)));
    }

    [Fact]
    public async Task A_nullable_member_the_document_calls_non_nullable_is_a_mismatch()
    {
        // The shape the document had before: a plain reference, which OpenAPI 3.0 cannot mark nullable.
        var contract = await OpenApiContract.ParseAsync("""
            {"openapi":"3.0.4","info":{"title":"t","version":"v1"},
             "paths":{"/api/v1/transactions/{id}":{"get":{"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],
               "responses":{"200":{"description":"OK","content":{"application/json":{"schema":{"$ref":"#/components/schemas/TransactionView"}}}}}}}},
             "components":{"schemas":{
               "TransactionFailure":{"type":"object","properties":{"code":{"type":"string"},"reason":{"type":"string"}},"additionalProperties":false},
               "TransactionView":{"type":"object","properties":{"failure":{"$ref":"#/components/schemas/TransactionFailure"}}}}}}
            """);
        Assert.Contains("failure", contract.Check(Json("GET", TransactionPath, 200, """{"failure":null}""")));
        Assert.Null(contract.Check(Json("GET", TransactionPath, 200, """{"failure":{"code":"reverted","reason":""}}""")));
    }
}

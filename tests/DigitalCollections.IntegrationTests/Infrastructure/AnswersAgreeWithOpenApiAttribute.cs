using System.Reflection;
using Xunit.Sdk;

namespace DigitalCollections.IntegrationTests.Infrastructure;

/// <summary>
/// After each test of the chain collection, the answers its shared API gave during that test must agree with the
/// OpenAPI document: a mismatch fails the test that caused it, with the list. (The collection's tests run one
/// at a time, so what was recorded since the last test is this test's.) The instances tests start themselves
/// are checked when they are disposed.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AnswersAgreeWithOpenApiAttribute : BeforeAfterTestAttribute
{
    public override void After(MethodInfo methodUnderTest) =>
        ChainFixture.Current?.Api.AssertAnswersAgreeAsync().GetAwaiter().GetResult();
}

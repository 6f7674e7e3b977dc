using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using DigitalCollections.Benchmarks;

// Issue 13, "Search at scale": similarity lookups at 1,000,000 codes and the speed of the ISCC code computations.
// Prints figures next to their targets; a missed target is reported, not an error (exit code 0).
// Issue 14: the cost per JSON-RPC call of the API's transport beside Nethereum's client (rpc).
//   dotnet run -c Release --project tests/DigitalCollections.Benchmarks [similarity|codes|rpc]   (all without an argument)
var part = args.Length > 0 ? args[0] : "all";
if (part is not ("all" or "similarity" or "codes" or "rpc"))
{
    Console.Error.WriteLine("usage: DigitalCollections.Benchmarks [all|similarity|codes|rpc]");
    return 2;
}
var settings = new BenchSettings();
var report = new Report();
Report.Progress($"{Environment.ProcessorCount} cores, {RuntimeInformation.ProcessArchitecture}, {RuntimeInformation.FrameworkDescription}, " +
    $"Vector256 {(Vector256.IsHardwareAccelerated ? "on" : "off")}, Vector512 {(Vector512.IsHardwareAccelerated ? "on" : "off")}");
if (part is "all" or "similarity") new SimilarityBenchmark(settings, report).Run();
if (part is "all" or "codes") new CodeSpeedBenchmark(settings, report).Run();
if (part is "all" or "rpc") new RpcClientBenchmark(report).Run();
report.Print();
return 0;

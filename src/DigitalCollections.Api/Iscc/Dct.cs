namespace DigitalCollections.Api.Iscc;

/// <summary>
/// The unnormalised fast DCT-II (Byeong Gi Lee's recursion) the ISCC Image-Code uses. The arithmetic is in
/// the reference's order, so the results (and the comparisons with their median) agree bit for bit.
/// </summary>
internal static class Dct
{
    /// <summary>Transforms <paramref name="vector"/> (length a power of two) into a new array.</summary>
    public static double[] Transform(ReadOnlySpan<double> vector)
    {
        var n = vector.Length;
        if (n == 1) return [vector[0]];
        if (n == 0 || n % 2 != 0) throw new ArgumentException("DCT length must be a power of two", nameof(vector));
        var half = n / 2;
        var alpha = new double[half];
        var beta = new double[half];
        for (var i = 0; i < half; i++)
        {
            alpha[i] = vector[i] + vector[n - 1 - i];
            beta[i] = (vector[i] - vector[n - 1 - i]) / (Math.Cos((i + 0.5) * Math.PI / n) * 2.0);
        }
        alpha = Transform(alpha);
        beta = Transform(beta);
        var result = new double[n];
        for (var i = 0; i < half - 1; i++)
        {
            result[2 * i] = alpha[i];
            result[2 * i + 1] = beta[i] + beta[i + 1];
        }
        result[n - 2] = alpha[half - 1];
        result[n - 1] = beta[half - 1];
        return result;
    }
}

// Running mean and variance merged batch by batch (Chan et al.), for observation normalisation and reward scaling.
namespace DrlRobot.Trainer.Common;

/// <summary>
/// Per-component running mean and (population) variance over every row seen so far, in double precision so that
/// millions of updates do not drift. The statistics are frozen into the exported policy.
/// </summary>
public sealed class RunningMeanStd
{
    private readonly double[] _mean;
    private readonly double[] _variance;
    private readonly double[] _batchMean;
    private readonly double[] _batchM2;

    /// <summary>Starts at mean 0, variance 1, with a tiny pseudo-count so the first batch dominates.</summary>
    public RunningMeanStd(int size, double initialCount = 1e-4)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        _mean = new double[size];
        _variance = new double[size];
        _batchMean = new double[size];
        _batchM2 = new double[size];
        Array.Fill(_variance, 1.0);
        Count = initialCount;
    }

    /// <summary>Number of components.</summary>
    public int Size => _mean.Length;

    /// <summary>Rows merged so far (plus the initial pseudo-count).</summary>
    public double Count { get; private set; }

    /// <summary>Running mean per component.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>Running population variance per component.</summary>
    public ReadOnlySpan<double> Variance => _variance;

    /// <summary>Merges <paramref name="rows"/> rows of <see cref="Size"/> values, row-major.</summary>
    public void Update(ReadOnlySpan<float> batch, int rows)
    {
        if (batch.Length < rows * Size)
        {
            throw new ArgumentException($"batch holds {batch.Length} values, {rows} rows of {Size} need {rows * Size}", nameof(batch));
        }
        if (rows == 0)
        {
            return;
        }
        Array.Clear(_batchMean);
        Array.Clear(_batchM2);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = batch.Slice(r * Size, Size);
            for (int i = 0; i < Size; i++)
            {
                _batchMean[i] += row[i];
            }
        }
        for (int i = 0; i < Size; i++)
        {
            _batchMean[i] /= rows;
        }
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = batch.Slice(r * Size, Size);
            for (int i = 0; i < Size; i++)
            {
                double d = row[i] - _batchMean[i];
                _batchM2[i] += d * d;
            }
        }
        double total = Count + rows;
        for (int i = 0; i < Size; i++)
        {
            double delta = _batchMean[i] - _mean[i];
            double m2 = _variance[i] * Count + _batchM2[i] + delta * delta * Count * rows / total;
            _mean[i] += delta * rows / total;
            _variance[i] = m2 / total;
        }
        Count = total;
    }

    /// <summary>Standard deviation as the exported graph divides by it: sqrt(variance + epsilon).</summary>
    public float[] Std(double epsilon)
    {
        var std = new float[Size];
        for (int i = 0; i < Size; i++)
        {
            std[i] = (float)Math.Sqrt(_variance[i] + epsilon);
        }
        return std;
    }

    /// <summary>Writes (x − mean) / sqrt(var + ε), clipped to ±clip, for every row of <paramref name="input"/>.</summary>
    public void Normalize(ReadOnlySpan<float> input, Span<float> output, float clip, double epsilon)
    {
        for (int start = 0; start < input.Length; start += Size)
        {
            for (int i = 0; i < Size; i++)
            {
                double z = (input[start + i] - _mean[i]) / Math.Sqrt(_variance[i] + epsilon);
                output[start + i] = (float)Math.Clamp(z, -clip, clip);
            }
        }
    }

    /// <summary>Writes the statistics for a checkpoint.</summary>
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Size);
        writer.Write(Count);
        foreach (double m in _mean) writer.Write(m);
        foreach (double v in _variance) writer.Write(v);
    }

    /// <summary>Restores statistics written by <see cref="Save"/>.</summary>
    public void Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int size = reader.ReadInt32();
        if (size != Size)
        {
            throw new InvalidDataException($"normaliser has {size} components, expected {Size}");
        }
        Count = reader.ReadDouble();
        for (int i = 0; i < Size; i++) _mean[i] = reader.ReadDouble();
        for (int i = 0; i < Size; i++) _variance[i] = reader.ReadDouble();
    }
}

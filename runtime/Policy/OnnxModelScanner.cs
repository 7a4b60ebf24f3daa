// Reads the top level of an ONNX ModelProto straight from the protobuf wire format: enough to tell an ONNX file from
// anything else, notice truncation, and pull out metadata_props, without loading the graph into ONNX Runtime (whose
// errors are long native messages) and without a protobuf dependency in the runtime.
using System.Text;

namespace DrlRobot.Runtime.Policy;

/// <summary>What the top level of a ModelProto holds.</summary>
/// <param name="IrVersion">ModelProto.ir_version.</param>
/// <param name="HasGraph">Whether ModelProto.graph is present.</param>
/// <param name="Metadata">ModelProto.metadata_props; DrlRobot keys are unique, of other duplicates the first wins.</param>
internal sealed record OnnxModelSummary(long IrVersion, bool HasGraph, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The files (relative to the model's folder) that the graph's initializers keep their data in, in order.</summary>
    public IReadOnlyList<string> ExternalDataFiles { get; init; } = [];
}

/// <summary>Scans ModelProto bytes; throws <see cref="InvalidDataException"/> with a short reason on anything else.</summary>
internal static class OnnxModelScanner
{
    // Field numbers of onnx.proto's ModelProto and StringStringEntryProto.
    private const int IrVersionField = 1;
    private const int GraphField = 7;
    private const int MetadataPropsField = 14;
    private const int KeyField = 1;
    private const int ValueField = 2;
    // GraphProto.initializer; TensorProto.external_data (entries location, offset, length, checksum).
    private const int InitializerField = 5;
    private const int ExternalDataField = 13;

    private const int VarintWire = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    public static OnnxModelSummary Scan(ReadOnlySpan<byte> model)
    {
        long? irVersion = null;
        bool hasGraph = false;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var external = new List<string>();
        var reader = new WireReader(model);
        while (!reader.AtEnd)
        {
            (int field, int wireType) = reader.Tag();
            switch (field, wireType)
            {
                case (IrVersionField, VarintWire):
                    irVersion = (long)reader.Varint();
                    break;
                case (GraphField, LengthDelimited):
                    ExternalData(reader.Bytes(), external);
                    hasGraph = true;
                    break;
                case (MetadataPropsField, LengthDelimited):
                    (string key, string value) = Entry(reader.Bytes());
                    if (!metadata.TryAdd(key, value) && key.StartsWith("drlrobot.", StringComparison.Ordinal))
                    {
                        // Appending a second entry is how a file's contract could be swapped unnoticed: refuse it.
                        throw new InvalidDataException($"metadata key '{key}' appears twice");
                    }
                    break;
                case (IrVersionField or GraphField or MetadataPropsField, _):
                    throw new InvalidDataException($"field {field} has wire type {wireType}, which ONNX does not use there");
                default:
                    reader.Skip(wireType);
                    break;
            }
        }
        if (irVersion is null || !hasGraph)
        {
            throw new InvalidDataException($"no {(irVersion is null ? "ir_version" : "graph")}, so not an ONNX model");
        }
        return new OnnxModelSummary(irVersion.Value, hasGraph, metadata) { ExternalDataFiles = external };
    }

    // The locations named by the top-level initializers' external_data entries (what onnx.save and PyTorch write).
    private static void ExternalData(ReadOnlySpan<byte> graph, List<string> locations)
    {
        var reader = new WireReader(graph);
        while (!reader.AtEnd)
        {
            (int field, int wireType) = reader.Tag();
            if (field != InitializerField || wireType != LengthDelimited)
            {
                reader.Skip(wireType);
                continue;
            }
            var tensor = new WireReader(reader.Bytes());
            while (!tensor.AtEnd)
            {
                (int tensorField, int tensorWire) = tensor.Tag();
                if (tensorField == ExternalDataField && tensorWire == LengthDelimited)
                {
                    (string key, string value) = Entry(tensor.Bytes());
                    if (key == "location" && !locations.Contains(value))
                    {
                        locations.Add(value);
                    }
                }
                else
                {
                    tensor.Skip(tensorWire);
                }
            }
        }
    }

    private static (string Key, string Value) Entry(ReadOnlySpan<byte> bytes)
    {
        string key = "", value = "";
        var reader = new WireReader(bytes);
        while (!reader.AtEnd)
        {
            (int field, int wireType) = reader.Tag();
            if (field is KeyField or ValueField && wireType == LengthDelimited)
            {
                string text = Utf8(reader.Bytes());
                if (field == KeyField) key = text; else value = text;
            }
            else
            {
                reader.Skip(wireType);
            }
        }
        return (key, value);
    }

    private static string Utf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException("a metadata entry is not valid UTF-8");
        }
    }

    /// <summary>A cursor over protobuf wire-format bytes that refuses to read past the end.</summary>
    private ref struct WireReader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _position;

        public readonly bool AtEnd => _position >= _bytes.Length;

        public (int Field, int WireType) Tag()
        {
            int at = _position;
            ulong tag = Varint();
            int field = (int)Math.Min(tag >> 3, int.MaxValue);
            int wireType = (int)(tag & 7);
            if (field == 0 || wireType is not (VarintWire or Fixed64 or LengthDelimited or Fixed32))
            {
                throw new InvalidDataException($"byte {at} is not a protobuf field an ONNX model can hold");
            }
            return (field, wireType);
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                byte b = Next();
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }
            throw new InvalidDataException($"a varint before byte {_position} is longer than 10 bytes");
        }

        public ReadOnlySpan<byte> Bytes()
        {
            ulong length = Varint();
            if (length > (ulong)(_bytes.Length - _position))
            {
                throw Truncated(length);
            }
            ReadOnlySpan<byte> slice = _bytes.Slice(_position, (int)length);
            _position += (int)length;
            return slice;
        }

        public void Skip(int wireType)
        {
            switch (wireType)
            {
                case VarintWire: Varint(); break;
                case Fixed64: Advance(8); break;
                case Fixed32: Advance(4); break;
                default: Bytes(); break;
            }
        }

        private void Advance(int count)
        {
            if (count > _bytes.Length - _position)
            {
                throw Truncated((ulong)count);
            }
            _position += count;
        }

        private byte Next()
        {
            if (_position >= _bytes.Length)
            {
                throw Truncated(1);
            }
            return _bytes[_position++];
        }

        private readonly InvalidDataException Truncated(ulong wanted) => new(
            $"a field wants {wanted} byte(s) at byte {_position} but only {_bytes.Length - _position} remain (truncated?)");
    }
}

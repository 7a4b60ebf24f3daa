// Small helpers that append named constants, nodes and typed inputs/outputs to an ONNX graph, so the exporter
// reads as the dataflow it writes.
using DrlRobot.Trainer.Export.Onnx;

namespace DrlRobot.Trainer.Export;

/// <summary>Builds one <see cref="GraphProto"/> of standard operators, float32 values and a symbolic batch dimension.</summary>
internal sealed class OnnxGraphBuilder(string graphName)
{
    /// <summary>The symbolic name of the leading (batch) dimension of every input and output.</summary>
    public const string BatchDim = "batch";

    public GraphProto Graph { get; } = new() { Name = graphName };

    /// <summary>Adds a float32 initializer of shape <paramref name="dims"/> (empty for a scalar) and returns its name.</summary>
    public string Constant(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(dims);
        foreach (float v in values)
        {
            tensor.FloatData.Add(v);
        }
        Graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a 1-D int64 initializer (shapes, axes) and returns its name.</summary>
    public string Int64Constant(string name, long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.Add(values);
        Graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a float32 [rows, columns] initializer from a jagged table.</summary>
    public string Table(string name, float[][] rows)
    {
        int columns = rows[0].Length;
        var flat = new float[rows.Length * columns];
        for (int r = 0; r < rows.Length; r++)
        {
            rows[r].CopyTo(flat, r * columns);
        }
        return Constant(name, flat, rows.Length, columns);
    }

    /// <summary>Appends a node of the standard domain; its output takes the node's name, which is returned.</summary>
    public string Node(string opType, string output, string[] inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = output, Domain = "" };
        node.Input.Add(inputs);
        node.Output.Add(output);
        node.Attribute.Add(attributes);
        Graph.Node.Add(node);
        return output;
    }

    /// <summary>Declares a float32 graph input of shape [batch, width].</summary>
    public string Input(string name, int width, string doc)
    {
        Graph.Input.Add(BatchedFloat(name, width, doc));
        return name;
    }

    /// <summary>Declares a float32 graph output of shape [batch, width]; the node that computes it outputs <paramref name="name"/>.</summary>
    public void Output(string name, int width, string doc) => Graph.Output.Add(BatchedFloat(name, width, doc));

    public static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static ValueInfoProto BatchedFloat(string name, int width, string doc)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchDim });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            DocString = doc,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor
                {
                    ElemType = (int)TensorProto.Types.DataType.Float,
                    Shape = shape,
                },
            },
        };
    }
}

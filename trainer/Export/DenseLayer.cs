// One fully connected layer of a policy network as plain arrays: what the exporter needs from a trained module.
namespace DrlRobot.Trainer.Export;

/// <summary>The nonlinearity applied after a dense layer.</summary>
public enum Activation
{
    /// <summary>Linear output (the last layer of most policies).</summary>
    None,

    /// <summary>Hyperbolic tangent.</summary>
    Tanh,

    /// <summary>max(0, x).</summary>
    Relu,
}

/// <summary>
/// y = activation(W x + b). <paramref name="Weight"/> is row-major <c>[Out, In]</c>, exactly the layout of
/// <c>torch.nn.Linear.weight</c>, so TorchSharp weights copy over without a transpose.
/// </summary>
/// <param name="In">Input width.</param>
/// <param name="Out">Output width.</param>
/// <param name="Weight">Out × In weights, row-major.</param>
/// <param name="Bias">Out biases.</param>
/// <param name="Activation">Nonlinearity after the affine map.</param>
public sealed record DenseLayer(int In, int Out, float[] Weight, float[] Bias, Activation Activation);

// An environment's hand-written controller as a policy, for end-to-end runs where no trained ONNX file ships yet.
using DrlRobot.Runtime.Policy;
using DrlRobot.Sim;
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Tests.Fakes;

internal sealed class HeuristicPolicy(string envId) : IPolicy
{
    private readonly IController _controller = EnvRegistry.CreateHeuristic(envId);

    public RobotContract Contract { get; } = EnvRegistry.GetContract(envId);

    public void Act(ReadOnlySpan<float> observation, Span<float> action) => _controller.Act(observation, action);

    public void Dispose()
    {
    }
}

// The environments by id: the one place the trainer, the runtime and the command lines get an environment from.
using DrlRobot.Sim.Contracts;
using DrlRobot.Sim.Envs.Lander;
using DrlRobot.Sim.Envs.Pendulum;
using DrlRobot.Sim.Envs.Rover;
using DrlRobot.Sim.Vec;

namespace DrlRobot.Sim;

/// <summary>Creates environments, their contracts and heuristic controllers by id.</summary>
public static class EnvRegistry
{
    // DefinesSuccess: whether an episode can end in success (the pendulum is only scored, so its success rate is always 0).
    private sealed record Entry(Func<RobotContract> Contract, Func<int, EnvOptions?, VecEnvBase> Create, Func<IController> Heuristic, bool DefinesSuccess);

    private static readonly (string Id, Entry Entry)[] Entries =
    [
        Lander(LanderVariant.Continuous),
        Lander(LanderVariant.Discrete),
        Lander(LanderVariant.ThreeThrusters),
        (RoverEnv.Id, new Entry(RoverEnv.CreateContract, (n, o) => new RoverEnv(n, o), () => new RoverHeuristic(), DefinesSuccess: true)),
        (PendulumEnv.Id, new Entry(PendulumEnv.CreateContract, (n, o) => new PendulumEnv(n, o), () => new PendulumHeuristic(), DefinesSuccess: false)),
    ];

    private static (string, Entry) Lander(LanderVariant variant) =>
        (LanderContracts.IdOf(variant), new Entry(() => LanderContracts.Create(variant), (n, o) => new LanderEnv(variant, n, o),
                                                  () => new LanderHeuristic(variant), DefinesSuccess: true));

    /// <summary>Every environment id, in a stable order.</summary>
    public static IReadOnlyList<string> Ids { get; } = [.. Entries.Select(e => e.Id)];

    /// <summary>The contract environment <paramref name="id"/> publishes.</summary>
    public static RobotContract GetContract(string id) => Find(id).Contract();

    /// <summary>A batch of <paramref name="numEnvs"/> envs of <paramref name="id"/>; call Reset before stepping.</summary>
    public static IVecEnv Create(string id, int numEnvs, EnvOptions? options = null)
    {
        Entry entry = Find(id);
        if (numEnvs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(numEnvs), numEnvs, "num_envs must be at least 1");
        }
        options?.Validate();
        return entry.Create(numEnvs, options);
    }

    /// <summary>One robot of <paramref name="id"/>, with the same physics as <see cref="Create"/>.</summary>
    public static IRobotSim CreateSingle(string id, EnvOptions? options = null)
    {
        Entry entry = Find(id);
        options?.Validate();
        return new SingleRobotSim(entry.Create(1, options));
    }

    /// <summary>Like <see cref="CreateSingle"/>, replaying env <paramref name="stream"/> of a batch reset with the same seed.</summary>
    internal static IRobotSim CreateSingle(string id, EnvOptions? options, int stream) =>
        new SingleRobotSim(Find(id).Create(1, options), stream);

    /// <summary>Whether an episode of <paramref name="id"/> can end in success (landed, stopped on the goal); where not, every success rate is 0.</summary>
    public static bool DefinesSuccess(string id) => Find(id).DefinesSuccess;

    /// <summary>The hand-written controller of <paramref name="id"/>, writing actions in its actuator units.</summary>
    public static IController CreateHeuristic(string id) => Find(id).Heuristic();

    private static Entry Find(string id)
    {
        foreach ((string known, Entry entry) in Entries)
        {
            if (string.Equals(known, id, StringComparison.Ordinal))
            {
                return entry;
            }
        }
        throw new ArgumentException($"unknown environment '{id}'; valid ids: {string.Join(", ", Ids)}");
    }
}

// The vectorized environment contract that training, dry runs and the HIL emulator step.
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Sim;

/// <summary>
/// A batch of <see cref="NumEnvs"/> copies of one robot stepped together. Arrays are laid out env-major: the
/// observation of env <c>i</c> is <c>obs[i * n_obs .. (i + 1) * n_obs]</c>, its action likewise. An env that
/// terminates or is truncated is reset inside <see cref="Step"/>: the observation written for it is the first one of
/// its next episode, and the last one of the finished episode stays readable in <see cref="FinalObservations"/> for
/// bootstrapping. Results are bit-identical for the same seed and thread count.
/// </summary>
public interface IVecEnv : IDisposable
{
    /// <summary>How many environments step together.</summary>
    int NumEnvs { get; }

    /// <summary>The robot's I/O contract; actions are in its actuator units.</summary>
    RobotContract Contract { get; }

    /// <summary>Starts a new episode in every env from <paramref name="seed"/> and writes the first observations.</summary>
    void Reset(ulong seed, Span<float> observations);

    /// <summary>Applies one action per env, advances one control period and writes the results.</summary>
    void Step(ReadOnlySpan<float> actions, Span<float> observations, Span<float> rewards, Span<bool> terminated,
              Span<bool> truncated);

    /// <summary>
    /// The last observation of each env's episode that ended in the latest <see cref="Step"/>, same layout as the
    /// observations; rows of envs that did not finish are unspecified.
    /// </summary>
    ReadOnlySpan<float> FinalObservations { get; }

    /// <summary>
    /// For each env whose episode ended in the latest <see cref="Step"/>, whether it ended in success as the
    /// environment defines it (the lander at rest on the pad, the rover stopped on its goal); unspecified for others.
    /// </summary>
    ReadOnlySpan<bool> Success { get; }
}

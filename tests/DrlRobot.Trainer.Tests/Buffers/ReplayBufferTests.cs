// The replay buffer: final observations for finished episodes, terminal only on termination, wrap-around,
// uniform sampling of what it holds, and an exact checkpoint round trip.
using DrlRobot.Trainer.Buffers;
using DrlRobot.Trainer.Common;

namespace DrlRobot.Trainer.Tests.Buffers;

public class ReplayBufferTests
{
    [Test]
    public void AddStep_StoresTheFinalObservationAndTerminalOnlyOnTermination()
    {
        var buffer = new ReplayBuffer(capacity: 8, observationSize: 1, actionSize: 1);
        buffer.AddStep(obs: [1f, 2f, 3f], actions: [0.1f, 0.2f, 0.3f], rewards: [10f, 20f, 30f],
                       nextObs: [11f, 99f, 98f], terminated: [false, true, false], truncated: [false, false, true],
                       finalObs: [0f, 12f, 13f]);
        var obs = new float[3];
        var actions = new float[3];
        var rewards = new float[3];
        var next = new float[3];
        var terminal = new float[3];
        var seen = new Dictionary<float, (float Next, float Terminal)>();
        var rng = new Rng(1);
        for (int i = 0; i < 50; i++)
        {
            buffer.Sample(rng, 3, obs, actions, rewards, next, terminal);
            for (int b = 0; b < 3; b++) seen[obs[b]] = (next[b], terminal[b]);
        }
        Assert.Multiple(() =>
        {
            Assert.That(seen[1f], Is.EqualTo((11f, 0f)));
            Assert.That(seen[2f], Is.EqualTo((12f, 1f)), "a terminated env stores its final observation and is terminal");
            Assert.That(seen[3f], Is.EqualTo((13f, 0f)), "a truncated env stores its final observation and bootstraps");
        });
    }

    [Test]
    public void AddStep_PastCapacity_OverwritesTheOldest()
    {
        var buffer = new ReplayBuffer(capacity: 4, observationSize: 1, actionSize: 1);
        for (int i = 0; i < 6; i++)
        {
            buffer.AddStep([i], [0f], [i], [i + 1], [false], [false], [0f]);
        }
        var rng = new Rng(2);
        var obs = new float[100];
        buffer.Sample(rng, 100, obs, new float[100], new float[100], new float[100], new float[100]);
        Assert.Multiple(() =>
        {
            Assert.That(buffer.Count, Is.EqualTo(4));
            Assert.That(buffer.Position, Is.EqualTo(2));
            Assert.That(obs.Distinct().Order(), Is.EqualTo(new[] { 2f, 3f, 4f, 5f }));
        });
    }

    [Test]
    public void SaveAndLoad_RestoreContentsAndPosition()
    {
        var buffer = new ReplayBuffer(capacity: 5, observationSize: 2, actionSize: 1);
        for (int i = 0; i < 7; i++)
        {
            buffer.AddStep([i, -i], [i * 0.5f], [i], [i + 1, -i - 1], [i % 3 == 0], [false], [0f, 0f]);
        }
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, System.Text.Encoding.UTF8, leaveOpen: true)) buffer.Save(writer);
        memory.Position = 0;
        var copy = new ReplayBuffer(capacity: 5, observationSize: 2, actionSize: 1);
        copy.Load(new BinaryReader(memory));
        float[] Draw(ReplayBuffer b)
        {
            var obs = new float[40];
            b.Sample(new Rng(9), 20, obs, new float[20], new float[20], new float[40], new float[20]);
            return obs;
        }
        Assert.Multiple(() =>
        {
            Assert.That((copy.Count, copy.Position), Is.EqualTo((buffer.Count, buffer.Position)));
            Assert.That(Draw(copy), Is.EqualTo(Draw(buffer)));
        });
    }
}

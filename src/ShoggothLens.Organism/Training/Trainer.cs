using System.Diagnostics;
using ShoggothLens.Models.Transformers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShoggothLens.Organism.Training;

/// <summary>Where a batch's windows come from: <see cref="PerBatch"/> windows of each batch are drawn from <see cref="Windows"/>.</summary>
public sealed record BatchSource(PackedWindows Windows, int PerBatch);

/// <summary>What a stage did: the loss curve, its final loss (mean of the last tenth of the steps) and what it saw.</summary>
public sealed record TrainingResult(IReadOnlyList<LossPoint> Curve, double FinalLoss, long TokensSeen, long PredictedTokensSeen, TimeSpan Elapsed);

/// <summary>
/// Trains a <see cref="CausalLm"/> in place: next-token cross-entropy over the targets that are
/// not <see cref="PackedWindows.Ignore"/>, AdamW (weight decay on matrices, not on norm weights),
/// gradient clipping, warm-up + cosine learning rate. Each step runs in its own dispose scope.
/// With a <see cref="TrainingCheckpoint"/>, progress is saved every few steps and on cancellation,
/// and a later run resumes from it bit for bit.
/// </summary>
public static class Trainer
{
    /// <param name="checkpoint">Where to save progress and resume from (null: neither).</param>
    public static TrainingResult Run(CausalLm model, TrainingStageOptions options, IReadOnlyList<BatchSource> sources,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, TrainingCheckpoint? checkpoint = null)
    {
        int batch = sources.Sum(s => s.PerBatch);
        int length = options.WindowLength;
        if (sources.Any(s => s.Windows.Length != length)) throw new ArgumentException("every source must use the stage's window length");
        int vocab = model.Config.VocabSize;

        var decay = model.NamedParameters.Where(p => p.Parameter.dim() >= 2).Select(p => p.Parameter).ToArray();
        var noDecay = model.NamedParameters.Where(p => p.Parameter.dim() < 2).Select(p => p.Parameter).ToArray();
        var groups = new List<AdamW.ParamGroup> { new(decay, lr: options.PeakLearningRate, weight_decay: options.WeightDecay) };
        if (noDecay.Length > 0) groups.Add(new AdamW.ParamGroup(noDecay, lr: options.PeakLearningRate, weight_decay: 0.0));

        var inputs = new long[batch * length];
        var targets = new long[batch * length];
        var curve = new List<LossPoint>(options.Steps);
        var schedule = options.Schedule;
        long tokens = 0, predicted = 0;
        var clock = Stopwatch.StartNew();
        var before = TimeSpan.Zero;
        int firstStep = 0, savedStep = 0;

        model.RequiresGrad = true;
        using var optimizer = torch.optim.AdamW(groups, lr: options.PeakLearningRate, beta1: options.Beta1, beta2: options.Beta2);
        try
        {
            if (checkpoint?.TryLoad(options.Name, model, optimizer) is { } resumed)
            {
                (firstStep, savedStep, tokens, predicted, before) = (resumed.Step, resumed.Step, resumed.Tokens, resumed.PredictedTokens, resumed.Elapsed);
                curve.AddRange(resumed.Curve);
                // Draw the windows the finished steps drew, so the batches go on exactly as before.
                for (int step = 0; step < firstStep; step++)
                {
                    int row = 0;
                    foreach (var source in sources)
                        for (int k = 0; k < source.PerBatch; k++)
                            source.Windows.Next(inputs, targets, row++);
                }
            }
            for (int step = firstStep; step < options.Steps; step++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    if (checkpoint is not null && step > savedStep)
                        checkpoint.Save(options.Name, model, optimizer, step, tokens, predicted, before + clock.Elapsed, curve);
                    cancellationToken.ThrowIfCancellationRequested();
                }
                int row = 0;
                foreach (var source in sources)
                    for (int k = 0; k < source.PerBatch; k++)
                        source.Windows.Next(inputs, targets, row++);
                long predictedHere = targets.LongCount(t => t != PackedWindows.Ignore);

                double lr = schedule.At(step);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;

                double lossValue;
                using (NewDisposeScope())
                {
                    optimizer.zero_grad();
                    var x = tensor(inputs, [batch, length], ScalarType.Int64);
                    var y = tensor(targets, [batch * length], ScalarType.Int64);
                    var logits = model.Forward(x)!;
                    var loss = nn.functional.cross_entropy(logits.view(-1, vocab), y, ignore_index: PackedWindows.Ignore);
                    loss.backward();
                    nn.utils.clip_grad_norm_(model.Parameters(), options.GradientClip);
                    optimizer.step();
                    lossValue = loss.item<float>();
                }
                if (!double.IsFinite(lossValue))
                    throw new InvalidOperationException($"{options.Name}: the loss became {lossValue} at step {step + 1}; lower the learning rate");

                tokens += (long)batch * length;
                predicted += predictedHere;
                curve.Add(new LossPoint(step + 1, tokens, lossValue, lr));
                double rate = (tokens - (long)firstStep * batch * length) / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
                if (checkpoint is not null && (step + 1) % checkpoint.EverySteps == 0 && step + 1 < options.Steps)
                {
                    checkpoint.Save(options.Name, model, optimizer, step + 1, tokens, predicted, before + clock.Elapsed, curve);
                    savedStep = step + 1;
                }
                progress?.Report(new TrainingProgress(options.Name, step + 1, options.Steps, lossValue, lr, rate));
            }
        }
        finally
        {
            model.RequiresGrad = false;
        }
        int tail = Math.Max(1, curve.Count / 10);
        double final = curve.Count == 0 ? double.NaN : curve.Skip(curve.Count - tail).Average(p => p.Loss);
        return new TrainingResult(curve, final, tokens, predicted, before + clock.Elapsed);
    }

    /// <summary>Mean cross-entropy per predicted target over the first <paramref name="maxWindows"/> windows (no gradients).</summary>
    public static double Evaluate(CausalLm model, PackedWindows windows, int maxWindows, int batch = 8, CancellationToken cancellationToken = default)
    {
        int length = windows.Length, count = Math.Min(maxWindows, windows.Count);
        int vocab = model.Config.VocabSize;
        double sum = 0;
        long n = 0;
        using var noGrad = torch.no_grad();
        for (int start = 0; start < count; start += batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int rows = Math.Min(batch, count - start);
            var inputs = new long[rows * length];
            var targets = new long[rows * length];
            for (int r = 0; r < rows; r++) windows.Window(start + r, inputs, targets, r);
            using var scope = NewDisposeScope();
            var logits = model.Forward(tensor(inputs, [rows, length], ScalarType.Int64))!;
            var loss = nn.functional.cross_entropy(logits.view(-1, vocab), tensor(targets, [rows * length], ScalarType.Int64),
                ignore_index: PackedWindows.Ignore, reduction: nn.Reduction.Sum);
            sum += loss.item<float>();
            n += targets.LongCount(t => t != PackedWindows.Ignore);
        }
        return n == 0 ? double.NaN : sum / n;
    }
}

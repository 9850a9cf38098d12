using System.Diagnostics;
using System.Globalization;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Randomness;
using ShoggothLens.Core.Work;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;
using ShoggothLens.Sae.Formats;
using ShoggothLens.Sae.Metrics;

namespace ShoggothLens.Sae.Training;

/// <summary>
/// Trains one SAE: scale estimation and b_dec initialisation from a sample, the step loop over a
/// backend with scheduled learning rate and sparsity coefficient, dead-latent tracking for AuxK,
/// metrics every few steps (metrics.jsonl and a progress callback), atomic checkpoints every N
/// steps, and at the end the SAE in SAELens layout with the input scale folded into its weights.
/// A run resumed from a checkpoint ends with exactly the weights an uninterrupted run ends with.
/// </summary>
public sealed class SaeTrainer
{
    readonly SaeTrainingOptions _options;
    readonly IActivationBatches _data;
    readonly Func<SaeTrainingSetup, SaeTrainingState, ISaeTrainingBackend> _backendFactory;

    public SaeTrainer(SaeTrainingOptions options, IActivationBatches data,
        Func<SaeTrainingSetup, SaeTrainingState, ISaeTrainingBackend>? backendFactory = null)
    {
        options.Validate();
        if (data.DIn != options.DIn) throw new ArgumentException($"the activations have d_in {data.DIn}, the options say {options.DIn}");
        _options = options.Resolve();
        _data = data;
        _backendFactory = backendFactory ?? ((setup, state) => SaeBackends.Create(options.Backend, setup, state));
    }

    /// <summary>
    /// Told after each metrics window (stage "train", steps done of the run's total, with L0, MSE, FVE, dead and
    /// dense fractions, loss and tokens/s in <see cref="WorkProgress.Metrics"/>) and after each checkpoint
    /// (<see cref="WorkEventKind.Checkpoint"/> at its step). Reports come on the training thread.
    /// </summary>
    public IProgress<WorkProgress>? Progress { get; init; }

    public TrainingResult Run(string outDir, bool resume, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(outDir);
        string checkpointPath = Path.Combine(outDir, TrainingCheckpoint.FileName);
        var setup = _options.ToSetup();
        var schedule = _options.Schedule();
        long totalSteps = _options.TotalSteps;
        int batchSize = _options.BatchSize;

        SaeTrainingState state;
        DeadLatentTracker tracker;
        long step, tokens;
        float scale;
        SplitMix64 rng;
        if (resume)
        {
            if (!File.Exists(checkpointPath))
                throw new InvalidInputFileException(checkpointPath, "nothing to resume: no checkpoint here (start a new run instead)");
            var (saved, dead, progress) = TrainingCheckpoint.Load(checkpointPath);
            if (progress.OptionsFingerprint != _options.Fingerprint())
                throw new ArgumentException($"{checkpointPath}: the checkpoint was written with other training options; resume with the same ones.\n  checkpoint: {progress.OptionsFingerprint}\n  now:        {_options.Fingerprint()}");
            try { _data.RestorePosition(progress.DataPosition); }
            catch (FormatException e) { throw new InvalidInputFileException(checkpointPath, $"its sampler position does not fit these activations ({e.Message})"); }
            state = saved;
            tracker = new DeadLatentTracker(_options.Width, _options.DeadAfterTokens!.Value, dead);
            (step, tokens, scale, rng) = (progress.Step, progress.Tokens, progress.Scale, new SplitMix64(progress.RngState));
        }
        else
        {
            if (File.Exists(checkpointPath) || File.Exists(Path.Combine(outDir, SaeLensFormat.WeightsFile)))
                throw new InvalidOptionException(TrainingOptionNames.Resume, $"{outDir} already holds a training run; resume it or choose another output folder");
            rng = new SplitMix64(_options.Seed);
            (state, scale) = Initialise(setup, rng);
            tracker = new DeadLatentTracker(_options.Width, _options.DeadAfterTokens!.Value);
            (step, tokens) = (0, 0);
        }

        using var backend = _backendFactory(setup, state);
        using var log = resume ? MetricsLog.ResumeAfter(outDir, step) : MetricsLog.Create(outDir);
        var window = new MetricsAccumulator(_options.DIn, _options.Width);
        var batch = new float[(long)batchSize * _options.DIn];
        int logEvery = _options.LogEvery!.Value;
        double lossSum = 0, mseSum = 0, sparsitySum = 0, auxSum = 0, gradSum = 0;
        int windowSteps = 0;
        var clock = Stopwatch.StartNew();
        TrainingLogEntry? last = null;

        void Checkpoint() => SaveCheckpoint(checkpointPath, backend, tracker, step, tokens, scale, rng);

        while (step < totalSteps)
        {
            if (cancel.IsCancellationRequested)
            {
                Checkpoint();
                cancel.ThrowIfCancellationRequested();
            }
            _data.Next(batch, batchSize);
            ActivationScaling.Apply(batch, scale);
            var controls = new StepControls(schedule.LearningRateAt(step), schedule.SparsityCoefficientAt(step),
                setup.UsesAuxK ? tracker.DeadLatents() : []);
            var stats = backend.Step(batch, batchSize, controls);
            if (!double.IsFinite(stats.Loss))
                throw new InvalidOperationException($"training diverged at step {step + 1} (loss {stats.Loss}); try a lower learning rate");
            tracker.Update(stats.FiredTokens, batchSize);
            window.Add(batch, stats.SquaredError, stats.ActiveLatents, stats.FiredTokens);
            lossSum += stats.Loss;
            mseSum += stats.MseLoss;
            sparsitySum += stats.SparsityLoss;
            auxSum += stats.AuxLoss;
            gradSum += stats.GradNorm;
            windowSteps++;
            step++;
            tokens += batchSize;

            if (step % logEvery == 0 || step == totalSteps)
            {
                double seconds = clock.Elapsed.TotalSeconds;
                last = new TrainingLogEntry(step, tokens, window.Compute(scale, tracker.DeadFraction),
                    lossSum / windowSteps, mseSum / windowSteps, sparsitySum / windowSteps, auxSum / windowSteps,
                    controls.LearningRate, controls.SparsityCoefficient, gradSum / windowSteps,
                    seconds > 0 ? window.Tokens / seconds : 0);
                log.Write(last);
                Progress.Tell(TrainingProgress.Window(last, totalSteps, batchSize));
                window.Reset();
                lossSum = mseSum = sparsitySum = auxSum = gradSum = 0;
                windowSteps = 0;
                clock.Restart();
            }
            if (_options.CheckpointEvery > 0 && step % _options.CheckpointEvery == 0 && step < totalSteps)
            {
                Checkpoint();
                Progress.Tell(WorkProgress.CheckpointAt(TrainingProgress.Stage, step, totalSteps, TrainingProgress.Unit));
            }
        }

        Checkpoint();
        SaveSae(outDir, backend, scale, tokens);
        return new TrainingResult(outDir, step, tokens, scale, last, resume);
    }

    /// <summary>
    /// Draws the initialisation sample, estimates the input scale, sets b_dec, then rewinds the
    /// sampler so training still sees every token of its first epoch.
    /// </summary>
    (SaeTrainingState, float) Initialise(SaeTrainingSetup setup, SplitMix64 rng)
    {
        string start = _data.SavePosition();
        int sampleTokens = (int)Math.Min(_options.InitSampleTokens, Math.Max(1, _data.TokensPerEpoch));
        var sample = new float[(long)sampleTokens * _options.DIn];
        _data.Next(sample, sampleTokens);
        _data.RestorePosition(start);

        float scale = _options.NormalizeActivations ? ActivationScaling.Estimate(sample, _options.DIn) : 1f;
        ActivationScaling.Apply(sample, scale);
        float[] bDec = _options.BDecInit switch
        {
            BDecInit.GeometricMedian => GeometricMedian.Compute(sample, _options.DIn),
            BDecInit.Mean => GeometricMedian.MeanOf(sample, _options.DIn),
            _ => new float[_options.DIn],
        };
        var state = SaeInitializer.Create(setup, rng, bDec, _options.DecoderInitNorm, _options.JumpReluInitThreshold);
        return (state, scale);
    }

    void SaveCheckpoint(string path, ISaeTrainingBackend backend, DeadLatentTracker tracker, long step, long tokens, float scale, SplitMix64 rng) =>
        TrainingCheckpoint.Save(path, backend.ExportState(), tracker.TokensSinceFired,
            new CheckpointProgress(step, tokens, scale, rng.State, _data.SavePosition(), _options.Fingerprint()));

    void SaveSae(string outDir, ISaeTrainingBackend backend, float scale, long tokens)
    {
        var parameters = backend.CurrentParameters().FoldInputScale(scale);
        var inference = _options.Architecture.InferenceArchitecture();
        var config = new SaeConfig(inference, _options.DIn, _options.Width,
            inference == SaeArchitecture.TopK ? _options.K : null, ApplyBDecToInput: true,
            _options.HookName, _options.ModelName, TrainedAs: _options.Architecture);
        SaeLensFormat.Save(outDir, config, parameters, new Dictionary<string, string>
        {
            ["trained_tokens"] = tokens.ToString(CultureInfo.InvariantCulture),
            ["trained_by"] = "shoggoth train",
            ["activation_scale_folded"] = scale.ToString("R", CultureInfo.InvariantCulture),
        });
    }
}

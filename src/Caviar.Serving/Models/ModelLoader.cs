using Caviar.Jobs.Distributed;
using Caviar.Validation;
using Microsoft.ML.OnnxRuntime;

namespace Caviar.Serving.Models;

/// <summary>
/// Loads an endpoint's models on its device. With <see cref="InferenceDevice.Cuda"/> each session gets ONNX
/// Runtime's CUDA execution provider on the first GPU of <see cref="GpuInventory"/>; where there is no GPU, the
/// provider is missing (the CPU-only ONNX Runtime package; the GPU build without its CUDA libraries) or a session
/// cannot be made on the GPU, the models run on the CPU instead and <see cref="FallbackReason"/> says why — once,
/// for every model of the endpoint.
/// </summary>
internal sealed class ModelLoader(InferenceDevice requested, int intraOpThreads, Func<GpuInventory>? discoverGpus = null)
{
    /// <summary>What building with the GPU package of ONNX Runtime takes (see README, "Serving on a GPU").</summary>
    public const string GpuBuildHint = "build caviar with -p:CaviarOnnxGpu=true for ONNX Runtime's CUDA build";

    public InferenceDevice Requested { get; } = requested;

    /// <summary>Where the models run: <see cref="Requested"/>, or the CPU after a fallback.</summary>
    public InferenceDevice Device { get; private set; } = requested;

    /// <summary>Why <c>cuda</c> fell back to the CPU; null when it did not.</summary>
    public string? FallbackReason { get; private set; }

    /// <summary>The GPU the models run on (with <see cref="InferenceDevice.Cuda"/>).</summary>
    public int? Gpu { get; private set; }

    public OnnxModel Load(string path)
    {
        using var cpu = CpuOptions();
        if (Device == InferenceDevice.Cuda)
        {
            using var cuda = CudaOptions();
            if (cuda is not null)
            {
                try
                {
                    return OnnxModel.Load(path, cuda);
                }
                catch (CaviarValidationException onGpu)
                {
                    var model = OnnxModel.Load(path, cpu);   // a model that does not load on the CPU either is refused with that reason
                    FallBack($"ONNX Runtime could not run {Path.GetFileName(path)} on GPU {Gpu}: {onGpu.Reason}");
                    return model;
                }
            }
        }
        return OnnxModel.Load(path, cpu);
    }

    /// <summary>
    /// Session options for the CPU: the intra-op thread count given (intraOpThreads; 0: one per physical core), sequential
    /// execution, all graph optimizations (ONNX Runtime's default).
    /// </summary>
    public SessionOptions CpuOptions() => new()
    {
        IntraOpNumThreads = intraOpThreads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };

    private SessionOptions? CudaOptions()
    {
        if (Gpu is null)
        {
            var gpus = (discoverGpus ?? (() => GpuInventory.Discover()))();
            if (gpus.Devices.Count == 0)
            {
                FallBack($"no NVIDIA GPU found ({(gpus.Source == GpuInventory.None.Source ? "nvidia-smi -L did not run" : gpus.Source)})");
                return null;
            }
            Gpu = gpus.Devices[0];
        }
        var options = CpuOptions();
        try
        {
            options.AppendExecutionProvider_CUDA(Gpu.Value);
            return options;
        }
        catch (Exception error) when (error is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            options.Dispose();
            FallBack(HasCudaProvider()
                ? $"ONNX Runtime's CUDA execution provider did not load ({error.Message.Trim()}): the CUDA libraries it needs " +
                  "(CUDA 13's cuBLAS and cuDNN for ONNX Runtime 1.31) are missing or of another version; ONNX Runtime's own error line names the file"
                : $"ONNX Runtime's CUDA execution provider is not available ({error.Message.Trim()}); {GpuBuildHint}");
            return null;
        }
    }

    /// <summary>Whether this build carries ONNX Runtime's CUDA provider library (the GPU package), beside the program or under runtimes/.</summary>
    private static bool HasCudaProvider() =>
        File.Exists(Path.Combine(AppContext.BaseDirectory, "libonnxruntime_providers_cuda.so")) ||
        File.Exists(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libonnxruntime_providers_cuda.so"));

    private void FallBack(string reason)
    {
        Device = InferenceDevice.Cpu;
        FallbackReason ??= reason;
    }
}

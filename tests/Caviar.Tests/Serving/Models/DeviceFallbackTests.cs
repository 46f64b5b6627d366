using System.Net;
using Caviar.Jobs.Distributed;
using Caviar.Serving.Models;
using Caviar.Tests.Support;

namespace Caviar.Tests.Serving;

/// <summary>
/// <c>--device cuda</c> where it cannot run on a GPU (this machine has none, and the default build carries the
/// CPU-only ONNX Runtime): the endpoint serves on the CPU and says why.
/// </summary>
[Collection(TabularModelsCollection.Name)]
public class DeviceFallbackTests(TabularModels models)
{
    [Fact]
    public async Task Without_a_GPU_the_endpoint_serves_on_the_CPU_and_says_so()
    {
        using var artifacts = new TempDirectory();
        using var endpoint = await EndpointProcess.Start(artifacts.Path, "gpu", "--model", models.LinearOnnx, "--device", "cuda", "--gpus", "");
        await Eventually.True(() => endpoint.Output.Contains("on 127.0.0.1") || endpoint.Output.Contains("Endpoint gpu on"));
        Assert.Contains("warning: --device cuda: serving on the CPU instead: no NVIDIA GPU found (--gpus)", endpoint.Output);
        using var answer = await endpoint.Invoke(models.Csv(0, 3), "text/csv", "application/json");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(3, ServingAnswers.Probabilities(await answer.Content.ReadAsStringAsync()).Length);
    }

    [Fact]
    public void A_GPU_without_ONNX_Runtimes_CUDA_provider_falls_back_naming_the_GPU_build()
    {
        var loader = new ModelLoader(InferenceDevice.Cuda, 1, () => new GpuInventory([0], "test"));
        using var model = loader.Load(models.LinearOnnx);
        Assert.Equal(InferenceDevice.Cpu, loader.Device);
        Assert.Contains("CUDA execution provider is not available", loader.FallbackReason);
        Assert.Contains(ModelLoader.GpuBuildHint, loader.FallbackReason);
        Assert.Equal(3, model.FeatureCount);
        Assert.NotEmpty(model.Run(new float[6], 2));
    }

    [Fact]
    public void The_CPU_needs_no_GPU_and_reports_no_fallback()
    {
        var loader = new ModelLoader(InferenceDevice.Cpu, 1, () => throw new InvalidOperationException("the CPU must not look for GPUs"));
        using var model = loader.Load(models.GbtOnnx);
        Assert.Equal(InferenceDevice.Cpu, loader.Device);
        Assert.Null(loader.FallbackReason);
    }
}

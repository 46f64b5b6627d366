using System.Text.Json;
using Caviar.Algorithms.Hosting;
using Caviar.Algorithms.Neural;
using Caviar.Algorithms.Onnx;
using Caviar.Validation;

// caviar-neural: the neural plugin of the caviar command, which starts it (users do not need to):
//   caviar-neural builtin mlp|cnn                         a training job's program (the job contract's environment)
//   caviar-neural optimize MODEL DATA OUTPUT OPTIONS_JSON  caviar optimize's work; writes OUTPUT/report.json
//   caviar-neural export-onnx MODEL FILE                   the fp32 ONNX export of a model folder (caviar deploy)
//   caviar-neural --version
var neural = NeuralAlgorithm.Hosted;
try
{
    switch (args)
    {
        case ["--version" or "-V"]:
            Console.WriteLine(typeof(NeuralAlgorithm).Assembly.GetName().Version!.ToString(3));
            return 0;
        case ["builtin", var algorithm]:
            return BuiltInAlgorithmHost.Run(algorithm, Console.Out, neural);
        case ["optimize", var model, var data, var output, var optionsJson]:
            var options = JsonSerializer.Deserialize<OptimizeOptions>(optionsJson)
                          ?? throw new CaviarValidationException("options", "null");
            var report = ModelOptimizer.Run(model, data, output, options, TextWriter.Null);
            File.WriteAllText(Path.Combine(output, "report.json"), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        case ["export-onnx", var model, var file]:
            var (config, network) = NeuralModel.Load(model);
            using (network) File.WriteAllBytes(file, NetworkOnnxExport.Export(config, network, OnnxVariant.Fp32));
            return 0;
        default:
            Console.Error.WriteLine("usage: caviar-neural builtin mlp|cnn | optimize MODEL DATA OUTPUT OPTIONS_JSON | export-onnx MODEL FILE | --version\n" +
                                    "(the caviar command starts this plugin; run caviar instead)");
            return 2;
    }
}
catch (CaviarValidationException error)
{
    Console.Error.WriteLine($"error: {error.Field}: {error.Reason}");
    return 2;
}
catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidDataException)
{
    Console.Error.WriteLine($"error: {error.Message}");
    return 1;
}

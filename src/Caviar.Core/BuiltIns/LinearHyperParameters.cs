namespace Caviar.BuiltIns;

/// <summary>The hyperparameters of the built-in linear algorithm (SDCA or L-BFGS on standardised features).</summary>
public static class LinearHyperParameters
{
    public static AlgorithmSpecification Linear { get; } = new("linear",
        "linear and logistic models (SDCA or L-BFGS) on CSV or Parquet; one metric line per SDCA epoch",
        [
            new HyperParameterSpecification
            {
                Name = "solver", Type = HyperParameterType.Categorical, Values = ["sdca", "lbfgs"], Default = "sdca",
                Description = "sdca (one validation value per epoch) or lbfgs (classification only)",
            },
            CommonHyperParameters.Epochs(10, "SDCA epochs"),
            CommonHyperParameters.L1("L1 regularisation"),
            CommonHyperParameters.L2(1e-4, "L2 regularisation"),
            CommonHyperParameters.Task,
            CommonHyperParameters.LabelColumn,
            CommonHyperParameters.ValidationFraction(0.2),
            CommonHyperParameters.CrossValidationFolds,
            CommonHyperParameters.Seed,
        ]);
}

using System.Text.Json;
using Caviar.Specs;
using Caviar.Validation;
using Microsoft.AspNetCore.Http;

namespace Caviar.Server;

/// <summary>Bad input becomes 400 with the field and the reason; a missing thing 404.</summary>
public static class ApiErrors
{
    public static IResult BadRequest(CaviarValidationException error) =>
        Results.BadRequest(new { field = error.Field, reason = error.Reason });

    public static IResult NotFound(string field, string reason) => Results.NotFound(new { field, reason });

    /// <summary>Reads a JSON body strictly (unknown fields refused) or throws a validation error naming the field.</summary>
    public static async Task<T> ReadBody<T>(HttpRequest request)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, SpecJson.Options)
                   ?? throw new CaviarValidationException("body", "is empty");
        }
        catch (JsonException error)
        {
            throw JsonErrors.ToValidation(error);
        }
    }
}

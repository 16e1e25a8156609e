using Riok.Mapperly.Abstractions;
using TodoChat.Domain.Tasks;

namespace TodoChat.Application.Tasks;

[Mapper]
public static partial class TaskMapper
{
    [MapperIgnoreSource(nameof(TodoTask.UserId))]
    public static partial TaskDto ToDto(this TodoTask task);

    /// <summary>Projection for read paths: only the DTO's columns are selected.</summary>
    public static partial IQueryable<TaskDto> ProjectToDto(this IQueryable<TodoTask> query);
}

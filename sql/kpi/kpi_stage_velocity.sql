-- kpi_stage_velocity: how long deals spend in each pipeline stage, per month
-- the deal left the stage, per stage and for all stages together
-- (stage = 'all').
-- grain: one row per month x stage (every month of the reporting calendar x
--   every stage seen in deal_stage_history, plus 'all'); no rows when the
--   stage history is not exported
-- key: month, stage
-- columns:
--   month: first day of the month in which deals left the stage
--   is_complete: false for the current, partial month
--   stage: pipeline stage, or 'all' (every stage exit together)
--   stage_exits: times a deal left the stage in the month, i.e. entered its
--     next stage
--   days_in_stage_total: sum of days (fractional: hours / 24) from entering
--     the stage to entering the next one, over stage_exits (0 when none)
--   days_in_stage_mean: days_in_stage_total / stage_exits (days; NULL when
--     no deal left the stage in the month)
--   days_in_stage_median: median of the same days (exact; the mean of the
--     two middle values for an even count; NULL when none)
-- Each deal's stage entries are ordered by entered_at (then stage name);
-- the time in a stage ends when the next entry starts, and counts in the
-- month of that next entry. The current (last) stage of every deal has no
-- exit yet and is not counted, so time spent before winning or losing in the
-- final stage is not measured. A deal re-entering a stage counts each stay.
-- Exits dated before the first acquisition month are not shown.
with months as (
    select
        period_start as month,
        is_complete
    from {{ ref('int_periods') }}
    where period_type = 'month'
),

history as (
    select
        deal_id,
        stage,
        entered_at,
        row_number() over (
            partition by deal_id
            order by entered_at, stage
        ) as entry_number
    from {{ ref('stg_deal_stage_history') }}
),

stays as (
    select
        this_entry.stage,
        {{ month_start({{ local_date(next_entry.entered_at) }}) }} as exit_month,
        {{ safe_div({{ hours_between(this_entry.entered_at,
            next_entry.entered_at) }}, 24) }} as days_in_stage
    from history as this_entry
    inner join history as next_entry
        on this_entry.deal_id = next_entry.deal_id
        and next_entry.entry_number = this_entry.entry_number + 1
),

stay_levels as (
    select exit_month, stage, days_in_stage
    from stays
    union all
    select exit_month, 'all' as stage, days_in_stage
    from stays
),

exit_counts as (
    select
        exit_month as month,
        stage,
        count(*) as stage_exits,
        {{ exact_sum(days_in_stage) }} as days_in_stage_total
    from stay_levels
    group by exit_month, stage
),

ranked as (
    select
        exit_month,
        stage,
        days_in_stage,
        row_number() over (
            partition by exit_month, stage
            order by days_in_stage
        ) as position,
        count(*) over (partition by exit_month, stage) as n
    from stay_levels
    where days_in_stage is not null
),

medians as (
    select
        exit_month as month,
        stage,
        avg(cast(days_in_stage as double)) as days_in_stage_median
    from ranked
    where {{ is_middle_row(position, n) }}
    group by exit_month, stage
),

stages as (
    select distinct stage
    from history
    union
    select distinct 'all' as stage
    from history
),

grid as (
    select
        months.month,
        months.is_complete,
        stages.stage,
        coalesce(exit_counts.stage_exits, 0) as stage_exits,
        coalesce(exit_counts.days_in_stage_total, 0) as days_in_stage_total,
        medians.days_in_stage_median
    from months
    cross join stages
    left join exit_counts
        on months.month = exit_counts.month
        and stages.stage = exit_counts.stage
    left join medians
        on months.month = medians.month
        and stages.stage = medians.stage
),

final as (
    select
        month,
        is_complete,
        stage,
        cast(stage_exits as bigint) as stage_exits,
        cast(days_in_stage_total as double) as days_in_stage_total,
        {{ safe_div(days_in_stage_total, stage_exits) }} as days_in_stage_mean,
        cast(days_in_stage_median as double) as days_in_stage_median
    from grid
)

select * from final

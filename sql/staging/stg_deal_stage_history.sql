-- stg_deal_stage_history: every stage each deal entered, once, across the
-- exports.
-- grain: one row per deal_id x stage x entered_at
-- key: deal_id, stage, entered_at
-- columns:
--   deal_id: CRM deal id
--   stage: pipeline stage the deal entered
--   entered_at: when the deal entered the stage (UTC)
-- A row exported again is kept once (the latest export, else the last line).
with history as (
    select
        deal_id,
        stage,
        entered_at,
        _export_date,
        _file,
        _line
    from {{ source('deal_stage_history') }}
),

ranked as (
    select
        history.*,
        row_number() over (
            partition by deal_id, stage, entered_at
            order by _export_date desc, _file desc, _line desc
        ) as version_rank
    from history
),

final as (
    select
        deal_id,
        stage,
        entered_at
    from ranked
    where version_rank = 1
)

select * from final

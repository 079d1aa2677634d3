-- stg_survey_responses: the latest version of every survey response across the exports.
-- The latest export wins, else the last line.
-- grain: one row per response_id
-- key: response_id
-- columns:
--   response_id: CRM survey response id
--   customer_id: the responding customer; NULL when anonymous
--   survey_type: nps (score 0-10), csat (1-5) or ces (1-7)
--   score: the answer on the survey type's scale (checked at landing)
--   responded_at: when the answer was given (UTC)
--   response_date: responded_at as a date in the reporting time zone
--   response_month: first day of the month of responded_at
--   touchpoint: where the survey was asked, e.g. support, onboarding
--     ('unknown' when empty)
with responses as (
    select
        response_id,
        customer_id,
        survey_type,
        score,
        responded_at,
        touchpoint,
        _export_date,
        _file,
        _line
    from {{ source('survey_responses') }}
),

ranked as (
    select
        responses.*,
        row_number() over (
            partition by response_id
            order by _export_date desc, _file desc, _line desc
        ) as version_rank
    from responses
),

final as (
    select
        response_id,
        customer_id,
        survey_type,
        cast(score as integer) as score,
        responded_at,
        {{ local_date(responded_at) }} as response_date,
        {{ month_start({{ local_date(responded_at) }}) }} as response_month,
        coalesce(touchpoint, 'unknown') as touchpoint
    from ranked
    where version_rank = 1
)

select * from final

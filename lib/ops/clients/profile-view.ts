import { z } from "zod";

export const profileSchema = z
  .object({
    client: z.string(),
    displayName: z.string().optional().meta({ description: "The name people see instead of the folder name" }),
    contacts: z.array(z.string()).meta({ description: "The client's e-mail addresses: where links go with contacts / --email" }),
    language: z.string().optional().meta({ description: "The language of everything the client sees (en, de, fr, es); absent: English" }),
    timeZone: z.string().optional().meta({ description: "The client's time zone (IANA); absent: dates in UTC only" }),
    archived: z.boolean().meta({ description: "Archived clients keep their files and links but leave the portal's client list" }),
    createdAt: z.string().optional(),
    createdBy: z.string().optional(),
    updatedAt: z.string().optional(),
    updatedBy: z.string().optional(),
  })
  .meta({ id: "ClientProfile", description: "What the portal knows about a client beyond its folder (portal/clients/<client>.json)" });

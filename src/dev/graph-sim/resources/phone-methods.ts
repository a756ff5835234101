import type { PhoneType } from '../../../rollout/directory';
import type { SimPhone } from '../authentication-methods';
import { badRequest, SimHttpError } from '../graph-errors';
import { admitIdentityWrite } from '../identity-writes';
import { collection, contextUrl, json, noContent } from '../odata';
import type { Route, SimServices } from '../types';
import { requireUser } from './users';

/**
 * `/users/{id}/authentication/phoneMethods`. Each phone type has a fixed method id. Writes are held
 * to Graph's rules: `+{cc} {number}` format, one phone per type, a mobile before an alternate
 * mobile. Seeded numbers are served as they were preloaded, however wrong.
 */
export const PHONE_METHOD_IDS: Record<PhoneType, string> = {
  mobile: '3179e48a-750b-4051-897c-87b9720928f7',
  alternateMobile: 'b6332ec1-7057-4abe-9331-3d72feddfe41',
  office: 'e37fc753-ff3b-4958-9484-eaa9425c82bc',
};

const TYPE_BY_ID = new Map(Object.entries(PHONE_METHOD_IDS).map(([type, id]) => [id, type as PhoneType]));
const PHONE_TYPES = new Set<string>(Object.keys(PHONE_METHOD_IDS));

/** `+{country code} {number}x{extension}`: digits only, 7 to 15 of them as E.164 allows. */
const GRAPH_PHONE = /^\+(\d{1,4}) (\d+)(?:x\d{1,10})?$/;

export function isValidGraphPhoneNumber(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = GRAPH_PHONE.exec(value);
  if (!match) return false;
  const digits = match[1]!.length + match[2]!.length;
  return digits >= 7 && digits <= 15;
}

function invalidNumber(): SimHttpError {
  return badRequest(
    'Invalid phone number format. Phone numbers must be in the format +{country code} {number}x{extension}.',
    'invalidRequest',
  );
}

function methodNotFound(methodId: string): SimHttpError {
  return new SimHttpError(
    404,
    'itemNotFound',
    `Authentication method '${methodId}' was not found for the user.`,
  );
}

/**
 * Graph writes a mobile, then tries to register it for SMS sign-in where policy allows; a number
 * another user signs in with by SMS fails that step with 409 phoneNumberNotUnique, while the phone
 * method itself stays written.
 */
function checkSmsSignInUnique(services: SimServices, userId: string, phone: SimPhone): void {
  if (phone.phoneType !== 'mobile' || !services.state.smsSignInHolder(phone.phoneNumber, userId)) return;
  throw new SimHttpError(
    409,
    'phoneNumberNotUnique',
    'The phone number is already in use for SMS sign-in by another user.',
  );
}

function phoneResource(phone: SimPhone): Record<string, unknown> {
  return {
    id: PHONE_METHOD_IDS[phone.phoneType],
    phoneNumber: phone.phoneNumber,
    phoneType: phone.phoneType,
    smsSignInState: phone.smsSignInState,
  };
}

function requirePhone(services: SimServices, userId: string, methodId: string): SimPhone {
  const type = TYPE_BY_ID.get(methodId.toLowerCase());
  const phone = type ? services.state.phoneOf(userId, type) : undefined;
  if (!phone) throw methodNotFound(methodId);
  return phone;
}

const BASE = '^\\/users\\/([^/]+)\\/authentication\\/phoneMethods';

export const phoneMethodRoutes: Route[] = [
  {
    method: 'GET',
    pattern: new RegExp(`${BASE}$`, 'i'),
    handler: (request, [id], services) => {
      const user = requireUser(services, id!);
      const value = services.state.phonesOf(user.id).map(phoneResource);
      const context = contextUrl(
        services.baseUrl,
        request.version,
        `users('${user.id}')/authentication/phoneMethods`,
      );
      return json(200, collection(context, value));
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`${BASE}$`, 'i'),
    handler: (request, [id], services) => {
      admitIdentityWrite(services);
      const user = requireUser(services, id!);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const type = body.phoneType;
      if (typeof type !== 'string' || !PHONE_TYPES.has(type)) {
        throw badRequest("'phoneType' must be one of mobile, alternateMobile, office.", 'invalidRequest');
      }
      const phoneNumber = body.phoneNumber;
      if (typeof phoneNumber !== 'string' || !isValidGraphPhoneNumber(phoneNumber)) throw invalidNumber();
      const phoneType = type as PhoneType;
      if (services.state.phoneOf(user.id, phoneType)) {
        throw new SimHttpError(
          409,
          'conflict',
          `A phone method of type '${phoneType}' already exists for the user.`,
        );
      }
      if (phoneType === 'alternateMobile' && !services.state.phoneOf(user.id, 'mobile')) {
        throw badRequest(
          'A mobile phone must be registered before an alternate mobile phone.',
          'invalidRequest',
        );
      }
      const phone = services.state.setPhone(user.id, phoneType, phoneNumber);
      checkSmsSignInUnique(services, user.id, phone);
      const context = contextUrl(
        services.baseUrl,
        request.version,
        `users('${user.id}')/authentication/phoneMethods/$entity`,
      );
      return json(201, { '@odata.context': context, ...phoneResource(phone) });
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${BASE}\\/([^/]+)$`, 'i'),
    handler: (request, [id, methodId], services) => {
      const user = requireUser(services, id!);
      const phone = requirePhone(services, user.id, methodId!);
      const context = contextUrl(
        services.baseUrl,
        request.version,
        `users('${user.id}')/authentication/phoneMethods/$entity`,
      );
      return json(200, { '@odata.context': context, ...phoneResource(phone) });
    },
  },
  {
    method: 'PATCH',
    pattern: new RegExp(`${BASE}\\/([^/]+)$`, 'i'),
    handler: (request, [id, methodId], services) => {
      admitIdentityWrite(services);
      const user = requireUser(services, id!);
      const phone = requirePhone(services, user.id, methodId!);
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (body.phoneType !== undefined && body.phoneType !== phone.phoneType) {
        throw badRequest('The phoneType of an existing phone method cannot be changed.', 'invalidRequest');
      }
      const phoneNumber = body.phoneNumber;
      if (typeof phoneNumber !== 'string' || !isValidGraphPhoneNumber(phoneNumber)) throw invalidNumber();
      checkSmsSignInUnique(services, user.id, services.state.setPhone(user.id, phone.phoneType, phoneNumber));
      return noContent();
    },
  },
  {
    method: 'DELETE',
    pattern: new RegExp(`${BASE}\\/([^/]+)$`, 'i'),
    handler: (_request, [id, methodId], services) => {
      admitIdentityWrite(services);
      const user = requireUser(services, id!);
      const phone = requirePhone(services, user.id, methodId!);
      if (phone.phoneType === 'mobile' && services.state.phoneOf(user.id, 'alternateMobile')) {
        throw badRequest(
          'The mobile phone cannot be deleted while an alternate mobile phone exists.',
          'invalidRequest',
        );
      }
      services.state.deletePhone(user.id, phone.phoneType);
      return noContent();
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`${BASE}\\/([^/]+)\\/(enableSmsSignIn|disableSmsSignIn)$`, 'i'),
    handler: (_request, [id, methodId, action], services) => {
      admitIdentityWrite(services);
      const user = requireUser(services, id!);
      const phone = requirePhone(services, user.id, methodId!);
      if (phone.phoneType !== 'mobile')
        throw badRequest('SMS sign-in is only available for a mobile phone.', 'invalidRequest');
      services.state.setSmsSignIn(user.id, action!.toLowerCase() === 'enablesmssignin');
      return noContent();
    },
  },
];
